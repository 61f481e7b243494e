#!/usr/bin/env python3
"""Real TLS clients against `mailsim serve` (issue 12), on loopback only, bounded in time, each
server stopping by itself. Every client trusts only the lesson's CA (`serve --ca-out`) and checks
the certificate, so each also checks that the served certificate names what it dials (127.0.0.1,
localhost) and that the server side is a real TLS stack.

SMTPS_LESSON (scenarios/smtps-465.json): STARTTLS on 587 and implicit TLS on 465, with AUTH inside
TLS: openssl s_client (-starttls smtp and -connect), curl (smtp:// --ssl-reqd, smtps://), Python's
smtplib (starttls() and SMTP_SSL) and NeoMutt with its defaults (it does STARTTLS unasked). Each
message must arrive byte for byte in Bob's mailbox (read back with plain POP3).
READING_LESSON (scenarios/reading-starttls.json): IMAP STARTTLS and POP3 STLS on the destination:
openssl s_client -starttls imap|pop3, curl imap:// and pop3:// --ssl-reqd, imaplib starttls() and
poplib stls(); and implicit TLS on 993 and 995 (RFC 8314): openssl s_client -connect, curl imaps://
and pop3s://, IMAP4_SSL and POP3_SSL. Each reads the message sent to Bob byte for byte.
Negative: curl without --cacert fails verification (exit 60), Python's default context too.
The served traces must show the real client's sessions inside TLS on every port used.

    tls_clients.py MAILSIM SMTPS_LESSON READING_LESSON WORKDIR

To check another TLS port, add a Served(...) run or a client below: `served.port(host, port)` gives
the real port, `expect_tls(port)` makes the trace check cover it.
"""
import imaplib
import json
import os
import poplib
import shutil
import signal
import smtplib
import ssl
import subprocess
import sys
import time

mailsim, smtps_lesson, reading_lesson, workdir = sys.argv[1:5]
os.makedirs(workdir, exist_ok=True)
problems = []
ALICE, ALICE_PW, BOB, BOB_PW = "alice@school.example", "correct-horse", "bob@school.example", "pale-moon"
ALICE_USER, BOB_USER = "alice", "bob"  # the accounts' logins: the local part (docs/real-clients.md)


class Served:
    """`mailsim serve LESSON --ca-out` on free loopback ports, stopped by SIGTERM (or --duration)."""

    def __init__(self, name, lesson):
        self.dir = f"{workdir}/{name}"
        os.makedirs(self.dir, exist_ok=True)
        self.ports_file, self.trace_file, self.ca = f"{self.dir}/ports.json", f"{self.dir}/serve.jsonl", f"{self.dir}/ca.pem"
        for f in (self.ports_file, self.ca):
            if os.path.exists(f):  # stale files from an earlier run
                os.remove(f)
        self.tls_sessions = {}  # port: real clients that should have talked inside TLS on it
        self.proc = subprocess.Popen([mailsim, "serve", lesson, "--base-port", "0", "--ports-file", self.ports_file,
                                      "--duration", "60", "--trace", self.trace_file, "--ca-out", self.ca],
                                     stdout=subprocess.PIPE, text=True)
        for _ in range(200):  # the ports file appears once every port is open
            try:
                self.ports = {(m["host"], m["port"]): m["real_port"] for m in json.load(open(self.ports_file))}
                break
            except (OSError, ValueError):
                time.sleep(0.05)
        else:
            self.proc.kill()
            sys.exit(f"{lesson}: the server did not start")

    def port(self, host, port):
        return self.ports[(host, port)]

    def expect_tls(self, port, sessions=1):
        self.tls_sessions[port] = self.tls_sessions.get(port, 0) + sessions

    def context(self):
        return ssl.create_default_context(cafile=self.ca)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=10)
        if "real connection(s) served" not in out:
            problems.append(f"{self.dir}: no summary on SIGTERM:\n{out}")
        events = [e for e in map(json.loads, open(self.trace_file, encoding="utf-8")) if "kind" in e]
        real = [e for e in events if "real-client.loopback" in (e.get("host"), e.get("peer"))]
        for port, want in sorted(self.tls_sessions.items()):
            on = [e for e in real if e.get("port") == port]
            # Per connection: the client's records (ClientHello first) and its commands inside TLS,
            # which only the server could read; and no command in plain text after the handshake.
            hello = {e["conn"] for e in on if e["kind"] == "tls_record" and e["dir"] == "c2s"
                     and e.get("messages") == ["ClientHello"]}
            inside = {e["conn"] for e in on if e["kind"] == "segment" and e.get("tls") and e["dir"] == "c2s"}
            if len(hello & inside) < want:
                problems.append(f"{self.dir}: port {port}: {len(hello & inside)} real client session(s) inside TLS "
                                f"in the trace, expected {want} ({len(hello)} ClientHello, {len(inside)} with lines inside)")
            # Inside TLS too, a message's lines are content and the commands around them commands.
            lines = [e for e in on if e["kind"] == "segment" and e.get("tls") and e["dir"] == "c2s"]
            body = [e for e in lines if e.get("text", "").startswith("Sent by ")]
            mail = [e for e in lines if e.get("keyword") in ("MAIL", "RCPT", "DATA", "QUIT")]
            if e_proto(on) in ("smtp", "submission", "submissions") and want and (
                    not body or any(e.get("payload") != "content" for e in body)
                    or any(e.get("payload") != "command" for e in mail)):
                problems.append(f"{self.dir}: port {port}: a message's lines inside TLS are not all content, or its "
                                f"commands not all commands: {[(e.get('payload'), e.get('text')) for e in body + mail][:6]}")
            # IMAP: an APPEND's message (993's) is content, its command a command.
            append = [e for e in lines if e.get("keyword") == "APPEND"]
            if e_proto(on) == "imap" and port == 993 and want and (
                    not body or any(e.get("payload") != "content" for e in body)
                    or not append or any(e.get("payload") != "command" for e in append)):
                problems.append(f"{self.dir}: port 993: APPEND's message inside TLS is not content, or APPEND not a "
                                f"command: {[(e.get('payload'), e.get('text')) for e in body + append][:6]}")


def e_proto(events):
    """The protocol of a port's events (they all share it)."""
    return next((e["proto"] for e in events if "proto" in e), "")


def message(subject):
    # Date and Message-ID given, so the servers add nothing but trace headers above them.
    return (f"From: {ALICE}\r\nTo: {BOB}\r\nSubject: {subject}\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n"
            f"Message-ID: <{subject.replace(' ', '.')}@school.example>\r\n\r\nSent by {subject} inside TLS.\r\n").encode()


def run(name, argv, want_status=0, want_text=None, stdin=None, env=None):
    """Runs a client; checks its exit status and that its output names `want_text`. True if as wanted."""
    try:
        p = subprocess.run(argv, input=stdin, capture_output=True, timeout=15, env=env)
    except subprocess.TimeoutExpired:
        problems.append(f"{name}: no answer within 15 s")
        return None
    out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
    if p.returncode != want_status:
        problems.append(f"{name}: exit status {p.returncode}, expected {want_status}:\n{out[-800:]}")
        return None
    if want_text and want_text not in out:
        problems.append(f"{name}: '{want_text}' not in its output:\n{out[-800:]}")
        return None
    return p.stdout


def arrived(got, name):
    """`got` (as the server hands it out) ends with message(name) as sent: only trace headers added."""
    if not got.endswith(message(name)):
        problems.append(f"{name}: the delivered message is not the one sent:\n{got[-400:]!r}")


curl, openssl, neomutt = shutil.which("curl"), shutil.which("openssl"), shutil.which("neomutt")

# --- SMTP: STARTTLS on 587, implicit TLS (SMTPS) on 465 ---
a = Served("smtps", smtps_lesson)
sent = []
try:
    sub, smtps, pop3 = a.port("mail.school.example", 587), a.port("mail.school.example", 465), a.port("mx.school.example", 110)

    def smtp_dialog(name):
        """What a user types into s_client: AUTH PLAIN and one message, then QUIT."""
        import base64
        auth = base64.b64encode(f"\0{ALICE_USER}\0{ALICE_PW}".encode()).decode()
        return (f"EHLO student.example\nAUTH PLAIN {auth}\nMAIL FROM:<{ALICE}>\nRCPT TO:<{BOB}>\nDATA\n".encode()
                + message(name).replace(b"\r\n", b"\n") + b".\nQUIT\n")

    if openssl:
        for name, port, how in (("openssl s_client starttls smtp", 587, ["-starttls", "smtp", "-connect", f"127.0.0.1:{sub}"]),
                                ("openssl s_client smtps", 465, ["-connect", f"127.0.0.1:{smtps}"])):
            if run(name, [openssl, "s_client", *how, "-CAfile", a.ca, "-verify_return_error", "-crlf", "-ign_eof",
                          "-verify_hostname", "localhost"], 0, "221 2.0.0", stdin=smtp_dialog(name)) is not None:
                sent.append(name)
                a.expect_tls(port)
    if curl:
        for name, port, url in (("curl smtp ssl-reqd", 587, f"smtp://127.0.0.1:{sub}"),
                                ("curl smtp localhost", 587, f"smtp://localhost:{sub}"),
                                ("curl smtps", 465, f"smtps://127.0.0.1:{smtps}")):
            mail = f"{a.dir}/{name.replace(' ', '-')}.eml"
            open(mail, "wb").write(message(name))
            if run(name, [curl, "-sS", "--max-time", "10", "--ssl-reqd", "--cacert", a.ca, url, "--user",
                          f"{ALICE_USER}:{ALICE_PW}", "--mail-from", ALICE, "--mail-rcpt", BOB, "-T", mail]) is not None:
                sent.append(name)
                a.expect_tls(port)
        # No --cacert: the system's CAs do not know the lesson's, so curl refuses (60, CURLE_PEER_FAILED_VERIFICATION).
        run("curl without --cacert", [curl, "-sS", "--max-time", "10", "--ssl-reqd", f"smtp://127.0.0.1:{sub}",
                                      "--mail-from", ALICE, "--mail-rcpt", BOB, "-T", mail], 60)
    try:
        with smtplib.SMTP("127.0.0.1", sub, timeout=5) as s:
            s.starttls(context=a.context())
            s.login(ALICE_USER, ALICE_PW)
            s.sendmail(ALICE, [BOB], message("smtplib starttls"))
            sent.append("smtplib starttls")
            a.expect_tls(587)
        with smtplib.SMTP_SSL("localhost", smtps, timeout=5, context=a.context()) as s:
            s.login(ALICE_USER, ALICE_PW)
            s.sendmail(ALICE, [BOB], message("smtplib SMTP_SSL"))
            sent.append("smtplib SMTP_SSL")
            a.expect_tls(465)
    except (OSError, smtplib.SMTPException) as e:
        problems.append(f"smtplib: {e!r}")
    try:  # Python's own CAs do not know the lesson's
        with smtplib.SMTP_SSL("127.0.0.1", smtps, timeout=5, context=ssl.create_default_context()) as s:
            problems.append("smtplib: a context without the lesson's CA accepted the certificate")
    except ssl.SSLCertVerificationError:
        pass
    if neomutt:
        # NeoMutt's defaults: ssl_starttls=yes does STARTTLS when offered; only the CA is given.
        env = dict(os.environ, HOME=a.dir)
        rc = f"{a.dir}/neomuttrc"
        with open(rc, "w") as f:
            f.write(f'set from = "{ALICE}"\nset use_from = yes\nset smtp_url = "smtp://{ALICE_USER}@127.0.0.1:{sub}"\n'
                    f'set smtp_pass = "{ALICE_PW}"\nset ssl_ca_certificates_file = "{a.ca}"\n'
                    'set record = ""\nset copy = no\n')
        if run("neomutt", [neomutt, "-n", "-F", rc, "-s", "neomutt", BOB], 0, stdin=b"Sent by neomutt.\n",
               env=env) is not None:
            sent.append("neomutt")
            a.expect_tls(587)  # NeoMutt did STARTTLS unasked

    deadline, got = time.time() + 10, {}
    while time.time() < deadline:
        p = poplib.POP3("127.0.0.1", pop3, timeout=5)
        p.user(BOB_USER)
        p.pass_(BOB_PW)
        got = {}
        for i in range(p.stat()[0]):
            m = b"\r\n".join(p.retr(i + 1)[1]) + b"\r\n"
            for line in m.split(b"\r\n"):
                if line.startswith(b"Subject: "):
                    got[line[len("Subject: "):].decode()] = m
                    break
        p.quit()  # keeps the mail
        if all(n in got for n in sent):
            break
        time.sleep(0.2)
    for name in sent:
        if name not in got:
            problems.append(f"{name}: not in Bob's mailbox ({sorted(got)})")
        elif name == "neomutt":
            if b"\r\n\r\nSent by neomutt.\r\n" not in got[name]:
                problems.append(f"neomutt: body changed: {got[name][-200:]!r}")
        else:
            arrived(got[name], name)
finally:
    a.stop()

# --- Reading: IMAP STARTTLS on 143, POP3 STLS on 110 ---
b = Served("reading", reading_lesson)
try:
    mx, imap, pop3 = b.port("mx.school.example", 25), b.port("mx.school.example", 143), b.port("mx.school.example", 110)
    name = "plain smtp to read with TLS"
    with smtplib.SMTP("127.0.0.1", mx, timeout=5) as s:
        s.sendmail(ALICE, [BOB], message(name))
    want = None
    deadline = time.time() + 10
    while time.time() < deadline and want is None:
        m = imaplib.IMAP4("127.0.0.1", imap, timeout=5)
        m.starttls(ssl_context=b.context())
        b.expect_tls(143)
        m.login(BOB_USER, BOB_PW)
        m.select("INBOX", readonly=True)
        typ, data = m.uid("SEARCH", None, "HEADER", "Subject", f'"{name}"')
        if typ == "OK" and data[0]:
            uid = data[0].split()[-1].decode()
            typ, data = m.uid("FETCH", uid, "(BODY.PEEK[])")
            want = data[0][1]
        m.logout()
        if want is None:
            time.sleep(0.2)
    if want is None:
        problems.append("imaplib starttls: the message did not arrive")
    else:
        arrived(want, name)
        p = poplib.POP3("127.0.0.1", pop3, timeout=5)
        p.stls(context=b.context())
        b.expect_tls(110)
        p.user(BOB_USER)
        p.pass_(BOB_PW)
        popped = [b"\r\n".join(p.retr(i + 1)[1]) + b"\r\n" for i in range(p.stat()[0])]
        p.quit()
        if want not in popped:
            problems.append("poplib stls: RETR does not give the message IMAP fetched")
        if openssl:
            if run("openssl s_client starttls imap",
                   [openssl, "s_client", "-starttls", "imap", "-connect", f"127.0.0.1:{imap}", "-CAfile", b.ca,
                    "-verify_return_error", "-crlf", "-ign_eof", "-quiet"], 0, f"Subject: {name}",
                   stdin=f"a LOGIN {BOB_USER} {BOB_PW}\nb SELECT INBOX\nc UID FETCH {uid} BODY.PEEK[]\nd LOGOUT\n".encode()) is not None:
                b.expect_tls(143)
            if run("openssl s_client starttls pop3",
                   [openssl, "s_client", "-starttls", "pop3", "-connect", f"127.0.0.1:{pop3}", "-CAfile", b.ca,
                    "-verify_return_error", "-crlf", "-ign_eof", "-quiet"], 0, f"Subject: {name}",
                   stdin=f"USER {BOB_USER}\nPASS {BOB_PW}\nRETR {popped.index(want) + 1}\nQUIT\n".encode()) is not None:
                b.expect_tls(110)
        if curl:
            fetched = run("curl imap ssl-reqd", [curl, "-sS", "--max-time", "10", "--ssl-reqd", "--cacert", b.ca,
                                                 "-u", f"{BOB_USER}:{BOB_PW}", f"imap://127.0.0.1:{imap}/INBOX;UID={uid}"])
            if fetched is not None and fetched != want:
                problems.append(f"curl imap: fetched differs: {fetched[-200:]!r}")
            b.expect_tls(143, fetched is not None)
            fetched = run("curl pop3 ssl-reqd", [curl, "-sS", "--max-time", "10", "--ssl-reqd", "--cacert", b.ca,
                                                 "-u", f"{BOB_USER}:{BOB_PW}", f"pop3://localhost:{pop3}/{popped.index(want) + 1}"])
            if fetched is not None and fetched != want:
                problems.append(f"curl pop3: fetched differs: {fetched[-200:]!r}")
            b.expect_tls(110, fetched is not None)
            run("curl imap without --cacert", [curl, "-sS", "--max-time", "10", "--ssl-reqd", "-u", f"{BOB_USER}:{BOB_PW}",
                                               f"imap://127.0.0.1:{imap}/INBOX"], 60)
        # Implicit TLS (RFC 8314): IMAPS on 993 and POP3S on 995, the handshake before the greeting.
        imaps, pop3s = b.port("mx.school.example", 993), b.port("mx.school.example", 995)
        m = imaplib.IMAP4_SSL("localhost", imaps, ssl_context=b.context(), timeout=5)
        if "STARTTLS" in m.capabilities:  # the greeting's capabilities, read inside TLS
            problems.append("imaplib IMAP4_SSL: STARTTLS offered inside TLS")
        m.login(BOB_USER, BOB_PW)
        m.select("INBOX", readonly=True)
        typ, data = m.uid("FETCH", uid, "(BODY.PEEK[])")
        if typ != "OK" or data[0][1] != want:
            problems.append(f"imaplib IMAP4_SSL: UID FETCH {uid} gives {typ} {data[0]!r:.200}")
        # A copy saved as a mail program saves its Sent message: APPEND, whose literal inside TLS
        # must be traced as content (the trace check in Bench.close).
        m.create("Sent")  # not INBOX: POP3 on 995 must see what STLS on 110 saw
        typ, data = m.append("Sent", None, None, b"From: bob@school.example\r\nSubject: saved copy\r\n\r\n"
                             b"Sent by imaplib IMAP4_SSL, saved with APPEND.\r\n")
        if typ != "OK":
            problems.append(f"imaplib IMAP4_SSL: APPEND gives {typ} {data!r:.200}")
        m.logout()
        b.expect_tls(993)
        p = poplib.POP3_SSL("127.0.0.1", pop3s, context=b.context(), timeout=5)
        p.user(BOB_USER)
        p.pass_(BOB_PW)
        popped_s = [b"\r\n".join(p.retr(i + 1)[1]) + b"\r\n" for i in range(p.stat()[0])]
        p.quit()
        b.expect_tls(995)
        if popped_s != popped:
            problems.append("poplib POP3_SSL: RETR on 995 does not give what STLS on 110 gave")
        try:  # Python's own CAs do not know the lesson's
            imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=ssl.create_default_context(), timeout=5)
            problems.append("imaplib: a context without the lesson's CA accepted the certificate on 993")
        except ssl.SSLCertVerificationError:
            pass
        if openssl:
            if run("openssl s_client imaps", [openssl, "s_client", "-connect", f"127.0.0.1:{imaps}", "-CAfile", b.ca,
                                              "-verify_return_error", "-verify_hostname", "localhost", "-crlf", "-ign_eof",
                                              "-quiet"], 0, f"Subject: {name}",
                   stdin=f"a LOGIN {BOB_USER} {BOB_PW}\nb SELECT INBOX\nc UID FETCH {uid} BODY.PEEK[]\nd LOGOUT\n".encode()) is not None:
                b.expect_tls(993)
            if run("openssl s_client pop3s", [openssl, "s_client", "-connect", f"127.0.0.1:{pop3s}", "-CAfile", b.ca,
                                              "-verify_return_error", "-crlf", "-ign_eof", "-quiet"], 0, f"Subject: {name}",
                   stdin=f"USER {BOB_USER}\nPASS {BOB_PW}\nRETR {popped.index(want) + 1}\nQUIT\n".encode()) is not None:
                b.expect_tls(995)
        if curl:
            fetched = run("curl imaps", [curl, "-sS", "--max-time", "10", "--cacert", b.ca, "-u", f"{BOB_USER}:{BOB_PW}",
                                         f"imaps://127.0.0.1:{imaps}/INBOX;UID={uid}"])
            if fetched is not None and fetched != want:
                problems.append(f"curl imaps: fetched differs: {fetched[-200:]!r}")
            b.expect_tls(993, fetched is not None)
            fetched = run("curl pop3s", [curl, "-sS", "--max-time", "10", "--cacert", b.ca, "-u", f"{BOB_USER}:{BOB_PW}",
                                         f"pop3s://localhost:{pop3s}/{popped.index(want) + 1}"])
            if fetched is not None and fetched != want:
                problems.append(f"curl pop3s: fetched differs: {fetched[-200:]!r}")
            b.expect_tls(995, fetched is not None)
            run("curl pop3s without --cacert", [curl, "-sS", "--max-time", "10", "-u", f"{BOB_USER}:{BOB_PW}",
                                                f"pop3s://127.0.0.1:{pop3s}/1"], 60)
except (OSError, imaplib.IMAP4.error, poplib.error_proto, smtplib.SMTPException) as e:
    problems.append(f"reading: {e!r}")
finally:
    b.stop()

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok: {len(sent)} messages sent inside TLS and delivered as sent ({', '.join(sent)}); "
      "IMAP STARTTLS, POP3 STLS, IMAPS 993 and POP3S 995 read the message back; clients without the lesson's CA refused; "
      "the traces show the sessions inside TLS")
