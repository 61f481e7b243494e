#!/usr/bin/env python3
"""Real mail clients against a served scenario, on loopback only, bounded in time: Python's smtplib,
curl, msmtp and swaks submit through the served submission port, the simulated relay and MX carry
the mail, and poplib, curl (POP3 and IMAP) and imaplib fetch it back, byte-identical. A second
server with small limits shows what a client past them is told."""
import json
import os
import shutil
import signal
import smtplib
import socket
import struct
import poplib
import imaplib
import subprocess
import sys
import time

from served import wait_for_ports

mailsim, scenario, workdir, base_port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
ports_file, trace_file = f"{workdir}/ports.json", f"{workdir}/serve.jsonl"
if os.path.exists(ports_file):  # a stale file from an earlier run names ports nobody listens on now
    os.remove(ports_file)
server = subprocess.Popen([mailsim, "serve", scenario, "--base-port", base_port, "--ports-file", ports_file,
                           "--duration", "60", "--trace", trace_file], stdout=subprocess.PIPE, text=True)
problems = []


def read_all(sock):
    """Everything the server sends until it closes; (bytes, closed). A timeout means it never closed."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
        return data, True
    except socket.timeout:
        return data, False
    except ConnectionResetError:
        return data, True

try:
    ports = wait_for_ports(ports_file)  # the ports file appears once every port is open
    submission = ports[("mail.school.example", 587)]
    pop3, imap = ports[("mx.home.example", 110)], ports[("mx.home.example", 143)]

    body = "Hello from a real client.\r\n.A line starting with a dot\r\nこんにちは\r\n"
    message = ("From: alice@school.example\r\nTo: bob@home.example\r\nSubject: real smtplib\r\n"
               "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body).encode()
    with smtplib.SMTP("127.0.0.1", submission, timeout=5) as s:
        code, _ = s.ehlo("student.example")
        if code != 250:
            problems.append(f"EHLO answered {code}")
        refused = s.sendmail("alice@school.example", ["bob@home.example"], message)
        if refused:
            problems.append(f"recipients refused: {refused}")
    # An open relay is a classic mistake: the server must refuse a stranger's domain.
    with smtplib.SMTP("127.0.0.1", ports[("mx.home.example", 25)], timeout=5) as s:
        s.ehlo("spammer.example")
        s.mail("x@spammer.example")
        code, text = s.rcpt("victim@elsewhere.example")
        if code != 554:
            problems.append(f"relay test: expected 554, got {code} {text}")

    # A misbehaving client: a flood of nonsense and an endless line get protocol errors and a
    # closed connection, and the server goes on serving everyone else.
    with socket.create_connection(("127.0.0.1", submission), timeout=5) as raw:
        raw.sendall(b"".join(b"FROB %d\r\n" % i for i in range(30)) + b"X" * 100000 + b"\r\n")
        answer, closed = read_all(raw)
        if b"502 5.5.2" not in answer or b"421 4." not in answer or not closed:
            problems.append(f"flood: expected 502 replies and a 421 close, got {answer[-300:]!r} closed={closed}")

    # A client that half-closes after its last command still gets every answer (and the close).
    with socket.create_connection(("127.0.0.1", pop3), timeout=5) as raw:
        raw.sendall(b"USER bob\r\nPASS password\r\n" + b"CAPA\r\n" * 200 + b"QUIT\r\n")
        raw.shutdown(socket.SHUT_WR)
        answer, closed = read_all(raw)
        last = answer.splitlines()[-1] if answer else b""
        capas = answer.count(b"\r\n.\r\n")
        if capas != 200 or b"signing off" not in last or not closed:
            problems.append(f"half-close: {capas} CAPA answers, last {last!r}, closed={closed}")

    # A client that resets its connection does not disturb the others.
    raw = socket.create_connection(("127.0.0.1", submission), timeout=5)
    raw.sendall(b"EHLO reset.example\r\n")
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    raw.close()

    curl = shutil.which("curl")
    if curl:
        mail2 = f"{workdir}/curl-mail.txt"
        open(mail2, "wb").write(b"From: alice@school.example\r\nTo: bob@home.example\r\nSubject: real curl\r\n\r\n"
                                b"Sent by curl.\r\n")
        subprocess.run([curl, "-sS", "--max-time", "10", f"smtp://127.0.0.1:{submission}", "--mail-from",
                        "alice@school.example", "--mail-rcpt", "bob@home.example", "-T", mail2], check=True)

    want = 2 if curl else 1
    # msmtp and swaks too, where installed (cmake/install-deps.sh installs them).
    msmtp = shutil.which("msmtp")
    if msmtp:
        subprocess.run([msmtp, "--host=127.0.0.1", f"--port={submission}", "--from=alice@school.example", "--tls=off",
                        "--auth=off", "bob@home.example"], input=b"From: alice@school.example\nTo: bob@home.example\n"
                       b"Subject: real msmtp\n\nSent by msmtp.\n", check=True, timeout=10)
        want += 1
    swaks = shutil.which("swaks")
    if swaks:
        subprocess.run([swaks, "--server", "127.0.0.1", "--port", str(submission), "--from", "alice@school.example",
                        "--to", "bob@home.example", "--helo", "student.example", "--header", "Subject: real swaks",
                        "--body", "Sent by swaks.", "--silent", "2"], check=True, timeout=10)
        want += 1
    deadline = time.time() + 10
    got = []
    while time.time() < deadline and len(got) < want:
        p = poplib.POP3("127.0.0.1", pop3, timeout=5)
        p.user("bob")
        p.pass_("password")
        got = [b"\r\n".join(p.retr(i + 1)[1]) + b"\r\n" for i in range(p.stat()[0])]
        p.quit()  # keeps the mail: nothing was deleted
        time.sleep(0.2)
    if len(got) != want:
        problems.append(f"POP3 sees {len(got)} message(s), expected {want}")
    elif got[0].split(b"\r\n\r\n", 1)[1] != body.encode():
        problems.append("body changed on the way")
    elif b"Received: from mail.school.example" not in got[0] or b"Message-ID: <" not in got[0]:
        problems.append("missing Received chain or Message-ID added by the submission server")

    if curl:
        listing = subprocess.run([curl, "-sS", "--max-time", "10", "-u", "bob:password", f"pop3://127.0.0.1:{pop3}/"],
                                 check=True, capture_output=True, text=True).stdout
        if len(listing.splitlines()) != want:
            problems.append(f"curl POP3 LIST: {listing!r}")

    if curl:  # curl's IMAP: the first message by UID, whole
        fetched = subprocess.run([curl, "-sS", "--max-time", "10", "-u", "bob:password",
                                  f"imap://127.0.0.1:{imap}/INBOX;UID=1"], check=True, capture_output=True).stdout
        if fetched != got[0]:
            problems.append(f"curl IMAP fetch differs from POP3 RETR: {fetched[:200]!r}")

    try:
        m = imaplib.IMAP4("127.0.0.1", imap, timeout=5)
        m.login("bob", "password")
        m.select("INBOX")
        typ, data = m.uid("FETCH", "1", "(BODY.PEEK[TEXT])")
        if typ != "OK" or data[0][1] != body.encode():
            problems.append(f"IMAP fetch differs: {typ} {data!r:.200}")
        m.logout()
    except (OSError, imaplib.IMAP4.error) as e:
        problems.append(f"IMAP: {e}")
finally:
    server.send_signal(signal.SIGTERM)
    out, _ = server.communicate(timeout=10)

if "real connection(s) served" not in out:
    problems.append("no summary on SIGTERM:\n" + out)


def limits():
    """A second server with a limit of 2 connections and a 1-second idle timeout: the third client
    hears "too many connections" in its own protocol, idle ones hear why they are dropped, and a
    line without LF gets the server's error, the bridge's 421 and the close."""
    lim_ports = f"{workdir}/limits-ports.json"
    if os.path.exists(lim_ports):
        os.remove(lim_ports)
    lim = subprocess.Popen([mailsim, "serve", scenario, "--base-port", base_port, "--ports-file", lim_ports,
                            "--duration", "30", "--max-connections", "2", "--idle-timeout", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(100):
            try:
                p = {(m["host"], m["port"]): m["real_port"] for m in json.load(open(lim_ports))}
                break
            except (OSError, ValueError):
                time.sleep(0.05)
        else:
            return problems.append("limits: the server did not start: " + lim.communicate(timeout=10)[0])
        sub, pop, imp = p[("mail.school.example", 587)], p[("mx.home.example", 110)], p[("mx.home.example", 143)]

        def greeted(port):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.recv(512)  # the greeting: the connection holds a slot now
            return s
        held = [greeted(sub), greeted(sub)]
        for port, want in [(sub, b"421 4.7.0 mail.school.example Error: too many connections\r\n"),
                           (pop, b"-ERR [SYS/TEMP] too many connections\r\n"),
                           (imp, b"* BYE [UNAVAILABLE] too many connections\r\n")]:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                answer, closed = read_all(s)
            if answer != want or not closed:
                problems.append(f"limit: expected {want!r} and a close, got {answer!r} closed={closed}")
        for s in held:  # quiet for the idle timeout: told so, then closed
            answer, closed = read_all(s)
            s.close()
            if answer != b"421 4.4.2 mail.school.example Error: timeout exceeded\r\n" or not closed:
                problems.append(f"idle SMTP: got {answer!r} closed={closed}")
        for port, want in [(pop, b"-ERR disconnected for inactivity\r\n"), (imp, b"* BYE autologout; idle for too long\r\n")]:
            with greeted(port) as s:
                answer, closed = read_all(s)
            if answer != want or not closed:
                problems.append(f"idle: expected {want!r} and a close, got {answer!r} closed={closed}")
        with greeted(sub) as s:  # 100 KB without a line end: the server's 500, the bridge's 421
            try:
                s.sendall(b"X" * 100000)
            except OSError:
                pass  # dropped while sending: what it was told is what counts
            answer, closed = read_all(s)
            if answer != b"500 5.5.0 Error: line too long\r\n421 4.7.0 mail.school.example Error: line too long\r\n" or not closed:
                problems.append(f"endless line: got {answer!r} closed={closed}")
    finally:
        lim.send_signal(signal.SIGTERM)
        lim.communicate(timeout=10)


limits()
events = [e for e in map(json.loads, open(trace_file, encoding="utf-8")) if "kind" in e]
if not any(e.get("host") == "real-client.loopback" and e["kind"] == "segment" for e in events):
    problems.append("the real client's dialog is not in the trace")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(out.strip().splitlines()[-1])
