#!/usr/bin/env python3
"""The classroom app serving its lesson (--serve): a real smtplib client submits through the served
submission port, the simulated relay and MX carry the message, imaplib reads it back byte-identical,
and the app's trace shows the real client's dialogs. Loopback only, free ports, bounded in time."""
import json
import os
import smtplib
import imaplib
import subprocess
import sys
import time

xvfb_run, gui, check_png, scenario, workdir = sys.argv[1:6]
ports_file, trace_file, png = f"{workdir}/gui-ports.json", f"{workdir}/gui-serve.jsonl", f"{workdir}/gui-serve.png"
for f in (ports_file, trace_file, png):
    if os.path.exists(f):
        os.remove(f)
app = subprocess.Popen([xvfb_run, "-a", "-s", "-screen 0 1280x720x24", gui, scenario, "--serve", "--base-port", "0",
                        "--ports-file", ports_file, "--serve-for", "6", "--screenshot", png, "--size", "1280x720",
                        "--trace", trace_file], stdout=subprocess.PIPE, text=True)
problems = []
body = "Sent while the class watches.\r\n.A line starting with a dot\r\nこんにちは\r\n"
try:
    for _ in range(300):  # the ports file appears once every port is open
        if os.path.exists(ports_file):
            break
        time.sleep(0.05)
    else:
        sys.exit("the app did not start serving")
    ports = {(m["host"], m["port"]): m["real_port"] for m in json.load(open(ports_file))}
    message = ("From: alice@school.example\r\nTo: bob@home.example\r\nSubject: live from a real client\r\n"
               "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body).encode()
    with smtplib.SMTP("127.0.0.1", ports[("mail.school.example", 587)], timeout=5) as s:
        s.ehlo("student.example")
        if s.sendmail("alice@school.example", ["bob@home.example"], message):
            problems.append("recipient refused")
    fetched = None
    deadline = time.time() + 4
    while fetched is None and time.time() < deadline:
        m = imaplib.IMAP4("127.0.0.1", ports[("mx.home.example", 143)], timeout=5)
        m.login("bob", "password")
        m.select("INBOX")
        _, ids = m.search(None, "SUBJECT", '"live from a real client"')
        if ids[0]:
            _, data = m.fetch(ids[0].split()[0], "(BODY.PEEK[TEXT])")
            fetched = data[0][1]
        m.logout()
        if fetched is None:
            time.sleep(0.3)
    if fetched != body.encode():
        problems.append(f"imaplib read {fetched!r}, expected {body.encode()!r}")
finally:
    try:
        app.wait(timeout=30)
    except subprocess.TimeoutExpired:
        app.kill()
        problems.append("the app did not stop after --serve-for")
if app.returncode != 0:
    problems.append(f"the app exited with {app.returncode}")

events = [e for e in map(json.loads, open(trace_file)) if "kind" in e] if os.path.exists(trace_file) else []
def seen(**want):
    return any(all(e.get(k) == v for k, v in want.items()) for e in events)
if not seen(kind="connect", host="real-client.loopback", peer="mail.school.example", port=587):
    problems.append("the trace lacks the real client's connection to the submission port")
if not any(e.get("host") == "real-client.loopback" and e.get("text", "").upper().startswith("MAIL FROM:<ALICE@")
           for e in events):  # smtplib writes "mail FROM:<...> size=..."
    problems.append("the trace lacks the real client's MAIL FROM")
if not seen(kind="delivery", host="mx.home.example"):
    problems.append("the trace lacks the delivery to mx.home.example")
if not seen(kind="connect", host="real-client.loopback", peer="mx.home.example", port=143):
    problems.append("the trace lacks the real client's IMAP connection")
check = subprocess.run([check_png, png, "1280", "720"], capture_output=True, text=True)
if check.returncode != 0:
    problems.append(f"screenshot: {check.stdout}{check.stderr}")

for p in problems:
    print("FAIL:", p)
print(f"{len(events)} trace events; {'all good' if not problems else f'{len(problems)} problem(s)'}")
sys.exit(1 if problems else 0)
