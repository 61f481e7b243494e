#!/usr/bin/env python3
"""The reading-starttls lesson's capture with and without its key log: without it, tshark reads the
IMAP of the phone's connection up to STARTTLS and nothing after; with `-o tls.keylog_file:FILE` it
decrypts the records and reads every IMAP command the trace has, in order (RFC 9051 §6.2.1).

    pcap_keylog_imap.py MAILSIM SCENARIO WORKDIR [IMPLICIT_PORT]

With IMPLICIT_PORT (993, IMAPS) the connections there are TLS to tshark from the first byte: it
decodes their records as TLS, and no IMAP is read in clear.
"""
import json
import os
import subprocess
import sys

mailsim, scenario, workdir = sys.argv[1:4]
implicit_port = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(workdir, exist_ok=True)
pcap, keys, trace = f"{workdir}/imap.pcap", f"{workdir}/imap.keys", f"{workdir}/imap.jsonl"
subprocess.run([mailsim, "run", scenario, "--quiet", "--pcap", pcap, "--keylog", keys, "--trace", trace],
               check=True, stdout=subprocess.DEVNULL, timeout=120)


def requests(*options):
    out = subprocess.run(["tshark", "-r", pcap, *options, "-Y", "imap.request", "-T", "fields", "-e", "imap.request"],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    return [line for line in out.splitlines() if line]


events = [json.loads(l) for l in open(trace, encoding="utf-8")][1:]
commands = [e for e in events if e["kind"] == "segment" and e.get("proto") == "imap" and e.get("dir") == "c2s"]
clear = [e["text"] for e in commands if not e.get("tls")]
everything = [e["text"] for e in commands]

problems = []
if not any(e.get("tls") for e in commands):
    problems.append("the trace has no IMAP command inside TLS")
if (without := requests()) != clear:
    problems.append(f"without the key log tshark should read only the plain-text commands\n trace: {clear}\n tshark: {without}")
if (with_keys := requests("-o", f"tls.keylog_file:{keys}")) != everything:
    problems.append(f"with the key log tshark should read every command\n trace: {everything}\n tshark: {with_keys}")
if implicit_port:
    records = subprocess.run(["tshark", "-r", pcap, "-Y", f"tcp.port == {implicit_port} and tls.record", "-T", "fields",
                              "-e", "frame.number"], check=True, capture_output=True, text=True, timeout=120).stdout
    if not records.strip():
        problems.append(f"tshark decodes no TLS record on port {implicit_port}")
    if clear:
        problems.append(f"on an implicit-TLS port no command should be in clear: {clear}")
if problems:
    sys.exit("\n".join(problems))
