#!/usr/bin/env python3
"""Checks that Wireshark (tshark) decodes mailsim's capture into the same SMTP commands and DNS
questions as the trace says, in the same order, with no malformed packets or expert warnings."""
import json
import subprocess
import sys

mailsim, scenario, workdir = sys.argv[1:4]
pcap, trace = f"{workdir}/capture.pcap", f"{workdir}/capture.jsonl"
subprocess.run([mailsim, "run", scenario, "--quiet", "--pcap", pcap, "--trace", trace],
               check=False, stdout=subprocess.DEVNULL)

def tshark(*args):
    return subprocess.run(["tshark", "-r", pcap, *args], check=True, capture_output=True, text=True).stdout

events = [e for e in map(json.loads, open(trace, encoding="utf-8")) if "kind" in e]  # after the header line
smtp = [e for e in events if e["kind"] == "segment" and e.get("proto") in ("smtp", "submission")]
# Wireshark's SMTP dissector expects message data after a pipelined DATA even when the server refused
# it (no 354), and then reads the commands that follow on that connection as data. Such commands
# are left out of the comparison; that they were sent is checked on the raw TCP payload below.
no_354 = {e["conn"] for e in smtp if e.get("payload") == "command" and e.get("text") == "DATA"} - \
         {e["conn"] for e in smtp if e.get("code") == 354}
# A client's answer to an AUTH challenge (334) is no command: Wireshark shows it as the exchange's
# data (PLAIN and LOGIN as smtp.auth fields, CRAM-MD5 as text), so it is checked the same way.
want_smtp, hidden = [], []
after_data = set()
last_code = {}
for e in smtp:
    if e.get("payload") == "reply" and e.get("code"):
        last_code[e["conn"]] = e["code"]
    if e.get("payload") != "command":
        continue
    text = e.get("text", "")
    (hidden if e["conn"] in after_data or last_code.get(e["conn"]) == 334 else want_smtp).append(text)
    if text == "DATA" and e["conn"] in no_354:
        after_data.add(e["conn"])
got_smtp = []
for line in tshark("-Y", "smtp.req", "-T", "fields", "-e", "smtp.req.command", "-e", "smtp.req.parameter").splitlines():
    command, _, parameter = line.partition("\t")
    got_smtp.append(command + (" " + parameter if parameter else ""))

want_dns = [e["text"] for e in events if e["kind"] == "datagram" and e.get("dir") == "c2s"]
got_dns = tshark("-Y", "dns.flags.response == 0", "-T", "fields", "-e", "dns.id", "-e", "dns.qry.type",
                 "-e", "dns.qry.name").splitlines()

problems = []
if got_smtp != want_smtp:
    problems.append(f"SMTP commands differ:\n trace:  {want_smtp}\n tshark: {got_smtp}")
if len(got_dns) != len(want_dns) or not want_dns:
    problems.append(f"DNS queries differ: trace {len(want_dns)}, tshark {len(got_dns)}")
for (query, row) in zip(want_dns, got_dns):
    ident, qtype, name = row.split("\t")
    qid = int(ident, 16)
    if f"id={qid} " not in query or not query.endswith(name):
        problems.append(f"DNS query mismatch: trace '{query}' vs tshark '{row}'")
for text in set(hidden):
    sent = len(tshark("-Y", f'tcp.payload contains "{text}\\r\\n"', "-T", "fields", "-e", "frame.number").split())
    if sent < hidden.count(text):
        problems.append(f"'{text}' sent {hidden.count(text)} times by the trace, {sent} in the capture")
# POP3 and IMAP: every command the clients sent, decoded as sent.
for proto, display, fields in (("pop3", "pop.request", ["pop.request.command", "pop.request.parameter"]),
                               ("imap", "imap.request", ["imap.request"])):
    want = [e.get("text", "") for e in events
            if e["kind"] == "segment" and e.get("proto") == proto and e.get("dir") == "c2s"]
    args = ["-Y", display, "-T", "fields"]
    for f in fields:
        args += ["-e", f]
    got = [" ".join(x for x in row.split("\t") if x) for row in tshark(*args).splitlines()]
    if got != want:
        problems.append(f"{proto} commands differ:\n trace:  {want}\n tshark: {got}")
# Every connection attempt is a SYN in the capture, and one nobody answered is retransmitted as a
# Linux client does (after 1 s, 3 s, 7 s, ... until the connect timeout), so a retry lesson shows.
connects = {(e["host"], e["client_port"]): e["t"] for e in events if e["kind"] == "connect"}
want_retransmits = 0
for e in (e for e in events if e["kind"] == "timeout"):
    waited, rto, at = e["t"] - connects[(e["host"], e["client_port"])], 1_000_000, 1_000_000
    while at < waited:
        want_retransmits += 1
        rto *= 2
        at += rto
syns = tshark("-Y", "tcp.flags.syn == 1 && tcp.flags.ack == 0", "-T", "fields", "-e", "frame.number").split()
retransmits = tshark("-Y", "tcp.flags.syn == 1 && tcp.analysis.retransmission", "-T", "fields",
                     "-e", "frame.number").split()
if len(syns) != len(connects) + want_retransmits or len(retransmits) != want_retransmits:
    problems.append(f"SYNs: trace {len(connects)} connects + {want_retransmits} retransmissions, "
                    f"tshark {len(syns)} SYNs of which {len(retransmits)} retransmitted")
expert = tshark("-q", "-z", "expert,warn")
if "Malformed" in expert or "Warnings (" in expert or "Errors (" in expert:
    problems.append("tshark reports problems:\n" + expert)
if len(want_smtp) < 4:
    problems.append(f"too few SMTP commands to be a real check: {len(want_smtp)}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok: {len(got_smtp)} SMTP commands, {len(got_dns)} DNS queries and {len(syns)} SYNs "
      f"({want_retransmits} retransmitted) decoded as traced")
