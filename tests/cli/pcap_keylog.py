#!/usr/bin/env python3
"""A TLS lesson's capture with and without its key log (issue 12): without it, tshark reads the SMTP
of the plain-text connections and, on a STARTTLS one, nothing after STARTTLS (on port 465, implicit
TLS, nothing at all); with
`-o tls.keylog_file:FILE` it decrypts the records and reads every command the trace has inside TLS,
in order, and the TLS handshakes as the trace's tls_record events name them.

    pcap_keylog.py MAILSIM SCENARIO WORKDIR
"""
import json
import os
import subprocess
import sys

mailsim, scenario, workdir = sys.argv[1:4]
os.makedirs(workdir, exist_ok=True)
pcap, keys, trace = f"{workdir}/tls.pcap", f"{workdir}/tls.keys", f"{workdir}/tls.jsonl"
subprocess.run([mailsim, "run", scenario, "--quiet", "--pcap", pcap, "--keylog", keys, "--trace", trace],
               check=True, stdout=subprocess.DEVNULL, timeout=120)


def tshark(*args):
    return subprocess.run(["tshark", "-r", pcap, *args], check=True, capture_output=True, text=True,
                          timeout=120).stdout


def commands(*options):
    out = []
    for line in tshark(*options, "-Y", "smtp.req", "-T", "fields", "-e", "smtp.req.command").upper().splitlines():
        out.extend(c for c in line.split(",") if c)  # pipelined commands share one packet
    return out


events = [json.loads(l) for l in open(trace, encoding="utf-8")][1:]
segments = [e for e in events if e["kind"] == "segment" and e.get("payload") == "command"]
# Wireshark names a command by its first four letters ("STAR" for STARTTLS).
verbs = lambda seg: [e["text"].split(" ")[0].upper()[:4] for e in seg
                     if e["text"].split(" ")[0].upper() in ("EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "QUIT")]
clear = verbs([e for e in segments if not e.get("tls")])
everything = verbs(segments)
inside = verbs([e for e in segments if e.get("tls")])

problems = []
lines = open(keys, encoding="utf-8").read().splitlines()
handshakes = [e for e in events if e["kind"] == "tls"]
if not handshakes or len(lines) != 5 * len(handshakes):
    problems.append(f"{len(lines)} key log lines for {len(handshakes)} TLS 1.3 handshakes (5 secrets each)")
if not inside or "AUTH" not in inside:
    problems.append(f"the trace has no AUTH inside TLS: {inside}")
without = commands()
if without != clear:
    problems.append(f"without the key log tshark should read only the plain-text commands\n trace: {clear}\n tshark: {without}")
with_keys = commands("-o", f"tls.keylog_file:{keys}")
if with_keys != everything:
    problems.append(f"with the key log tshark should read every command\n trace: {everything}\n tshark: {with_keys}")
hs_trace = [m for e in events if e["kind"] == "tls_record" for m in e.get("messages", []) if m in ("ClientHello", "ServerHello")]
hs_shark = tshark("-Y", "tls.handshake.type == 1 || tls.handshake.type == 2", "-T", "fields", "-e", "tls.handshake.type").split()
if len(hs_shark) != len(hs_trace):
    problems.append(f"hellos: trace {hs_trace}, tshark {hs_shark}")
if problems:
    sys.exit("\n".join(problems))
print(f"ok: {len(clear)} commands in clear, {len(inside)} inside TLS, decrypted with {len(lines)} key log lines")
