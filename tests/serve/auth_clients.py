#!/usr/bin/env python3
"""Real mail clients log in with SMTP AUTH to a served lesson (scenarios/auth-submission.json), on
loopback only, bounded in time: Python's smtplib (login(), which picks CRAM-MD5, and PLAIN and LOGIN
by name), curl --user (its own pick and --login-options AUTH=...), swaks --auth, msmtp --auth
(SCRAM-SHA-256 too), s-nail's smtp-auth and NeoMutt's smtp_pass where installed. Each succeeds with alice's password and hears 535 with a wrong
one; without a login the server says 530 at MAIL FROM. Bob's mailbox then holds exactly the messages
whose login succeeded, and the trace names who logged in.

    auth_clients.py MAILSIM SCENARIO WORKDIR
"""
import json
import os
import poplib
import shutil
import signal
import smtplib
import subprocess
import sys
import time

from served import wait_for_ports

mailsim, scenario, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(workdir, exist_ok=True)
ports_file, trace_file = f"{workdir}/ports.json", f"{workdir}/serve.jsonl"
if os.path.exists(ports_file):  # a stale file from an earlier run names ports nobody listens on now
    os.remove(ports_file)
server = subprocess.Popen([mailsim, "serve", scenario, "--base-port", "0", "--ports-file", ports_file,
                           "--duration", "60", "--trace", trace_file], stdout=subprocess.PIPE, text=True)
USER, PASSWORD, WRONG = "alice", "correct-horse", "correct-h0rse"
problems, sent = [], []


def message(subject):
    return (f"From: alice@school.example\r\nTo: bob@home.example\r\nSubject: {subject}\r\n\r\n"
            f"Sent by {subject}.\r\n").encode()


def run(name, argv, want_ok, want_text=None, stdin=None, env=None):
    """Runs a client; checks its exit status (0 or not) and that its output names `want_text`."""
    try:
        p = subprocess.run(argv, input=stdin, capture_output=True, timeout=15, env=env)
    except subprocess.TimeoutExpired:
        return problems.append(f"{name}: no answer within 15 s")
    out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
    if (p.returncode == 0) != want_ok:
        problems.append(f"{name}: exit status {p.returncode}:\n{out[-600:]}")
    elif want_text and want_text not in out:
        problems.append(f"{name}: '{want_text}' not in its output:\n{out[-600:]}")
    elif want_ok:
        sent.append(name)


try:
    ports = wait_for_ports(ports_file)  # the ports file appears once every port is open
    submission, pop3 = ports[("mail.school.example", 587)], ports[("mx.home.example", 110)]

    # smtplib: login() takes the first of CRAM-MD5, PLAIN, LOGIN the server offers.
    with smtplib.SMTP("127.0.0.1", submission, timeout=5) as s:
        s.login(USER, PASSWORD)
        s.sendmail("alice@school.example", ["bob@home.example"], message("real smtplib login"))
        sent.append("real smtplib login")
    for mechanism in ("PLAIN", "LOGIN"):
        with smtplib.SMTP("127.0.0.1", submission, timeout=5) as s:
            s.ehlo("student.example")
            s.user, s.password = USER, PASSWORD
            code, _ = s.auth(mechanism, getattr(s, "auth_" + mechanism.lower()), initial_response_ok=mechanism == "PLAIN")
            if code != 235:
                problems.append(f"smtplib AUTH {mechanism}: {code}")
            s.sendmail("alice@school.example", ["bob@home.example"], message(f"real smtplib {mechanism}"))
            sent.append(f"real smtplib {mechanism}")
    with smtplib.SMTP("127.0.0.1", submission, timeout=5) as s:
        try:
            s.login(USER, WRONG)
            problems.append("smtplib: a wrong password was accepted")
        except smtplib.SMTPAuthenticationError as e:
            if e.smtp_code != 535 or not e.smtp_error.startswith(b"5.7.8"):
                problems.append(f"smtplib wrong password: {e.smtp_code} {e.smtp_error!r}")
    with smtplib.SMTP("127.0.0.1", submission, timeout=5) as s:
        try:
            s.sendmail("alice@school.example", ["bob@home.example"], message("real smtplib without login"))
            problems.append("smtplib: mail without a login was accepted")
        except smtplib.SMTPSenderRefused as e:
            if e.smtp_code != 530 or e.smtp_error != b"5.7.0 Authentication required":
                problems.append(f"smtplib without login: {e.smtp_code} {e.smtp_error!r}")

    curl = shutil.which("curl")
    if curl:
        url = f"smtp://127.0.0.1:{submission}"
        for how in ("", "AUTH=CRAM-MD5", "AUTH=PLAIN", "AUTH=LOGIN"):
            name = f"real curl {how or 'own choice'}"
            mail = f"{workdir}/curl-{len(sent)}.txt"
            open(mail, "wb").write(message(name))
            run(name, [curl, "-sS", "--max-time", "10", url, "--user", f"{USER}:{PASSWORD}",
                       *(["--login-options", how] if how else []), "--mail-from", "alice@school.example",
                       "--mail-rcpt", "bob@home.example", "-T", mail], True)
        run("curl with a wrong password", [curl, "-sS", "-v", "--max-time", "10", url, "--user", f"{USER}:{WRONG}",
                                           "--mail-from", "alice@school.example", "--mail-rcpt", "bob@home.example",
                                           "-T", mail], False, "< 535 5.7.8 Error: authentication failed")
    swaks = shutil.which("swaks")
    if swaks:
        base = [swaks, "--server", "127.0.0.1", "--port", str(submission), "--from", "alice@school.example",
                "--to", "bob@home.example", "--helo", "student.example", "--auth-user", USER]
        for mechanism in ("PLAIN", "LOGIN", "CRAM-MD5"):
            name = f"real swaks {mechanism}"
            run(name, base + ["--auth", mechanism, "--auth-password", PASSWORD, "--header", f"Subject: {name}",
                              "--body", f"Sent by {name}."], True)
        run("swaks with a wrong password", base + ["--auth", "PLAIN", "--auth-password", WRONG], False,
            "535 5.7.8 Error: authentication failed")
    msmtp = shutil.which("msmtp")
    if msmtp:
        base = [msmtp, "--host=127.0.0.1", f"--port={submission}", "--from=alice@school.example", "--tls=off",
                f"--user={USER}"]
        for mechanism in ("plain", "login", "cram-md5", "scram-sha-256"):
            name = f"real msmtp {mechanism}"
            run(name, base + [f"--auth={mechanism}", f"--passwordeval=echo {PASSWORD}", "bob@home.example"], True,
                stdin=message(name).replace(b"\r\n", b"\n"))
        run("msmtp with a wrong password", base + ["--auth=on", f"--passwordeval=echo {WRONG}", "bob@home.example"],
            False, "535 5.7.8 Error: authentication failed", stdin=b"Subject: x\n\nx\n")

    # s-nail and NeoMutt (docs/real-clients.md), with no configuration of the user's: s-nail's
    # -:/ and sendwait (its exit status is the SMTP outcome); NeoMutt's -n and a muttrc of our own.
    # Debian's NeoMutt (GNU SASL) takes only "plain" and "login" in smtp_authenticators; left unset,
    # it picks the best the server offers, SCRAM-SHA-256.
    env = dict(os.environ, HOME=workdir)
    snail = shutil.which("s-nail")
    if snail:
        def snail_argv(password, how):
            return [snail, "-:/", "-S", "v15-compat", "-S", "sendwait", "-S", "nosave",
                    "-S", f"mta=smtp://{USER}:{password}@127.0.0.1:{submission}", "-S", f"smtp-auth={how}",
                    "-S", "from=alice@school.example", "-s", f"real s-nail {how}", "bob@home.example"]
        for how in ("plain", "login", "cram-md5"):
            name = f"real s-nail {how}"
            run(name, snail_argv(PASSWORD, how), True, stdin=f"Sent by {name}.\n".encode(), env=env)
        run("s-nail with a wrong password", snail_argv(WRONG, "plain"), False, "535 5.7.8 Error: authentication failed",
            stdin=b"x\n", env=env)
    neomutt = shutil.which("neomutt")
    if neomutt:
        def muttrc(password, how):
            path = f"{workdir}/auth-{how or 'own'}-{password}.muttrc"
            with open(path, "w") as f:
                f.write(f'set from = "alice@school.example"\nset use_from = yes\n'
                        f'set smtp_url = "smtp://{USER}@127.0.0.1:{submission}"\nset smtp_pass = "{password}"\n'
                        + (f'set smtp_authenticators = "{how}"\n' if how else "") +
                        'set ssl_starttls = no\nset ssl_force_tls = no\nset record = ""\nset copy = no\n')
            return path
        for how in ("", "plain", "login"):
            name = f"real neomutt {how or 'own choice'}"
            run(name, [neomutt, "-n", "-F", muttrc(PASSWORD, how), "-s", name, "bob@home.example"], True,
                stdin=f"Sent by {name}.\n".encode(), env=env)
        run("neomutt with a wrong password", [neomutt, "-n", "-F", muttrc(WRONG, "plain"), "-s", "x", "bob@home.example"],
            False, stdin=b"x\n", env=env)

    # Bob's mailbox holds each message whose login succeeded, once, and none of the others.
    deadline = time.time() + 10
    subjects = []
    while time.time() < deadline:
        p = poplib.POP3("127.0.0.1", pop3, timeout=5)
        p.user("bob")
        p.pass_("password")
        subjects = []
        for i in range(p.stat()[0]):
            for line in p.top(i + 1, 0)[1]:
                if line.startswith(b"Subject: real "):
                    subjects.append(line[len("Subject: "):].decode())
        p.quit()  # keeps the mail: nothing was deleted
        if len(subjects) >= len(sent):
            break
        time.sleep(0.2)
    if sorted(subjects) != sorted(sent):
        problems.append(f"Bob's mailbox has {sorted(subjects)}, expected {sorted(sent)}")
finally:
    server.send_signal(signal.SIGTERM)
    out, _ = server.communicate(timeout=10)

if "real connection(s) served" not in out:
    problems.append("no summary on SIGTERM:\n" + out)
events = [e for e in map(json.loads, open(trace_file, encoding="utf-8")) if "kind" in e]
replies = {e.get("code") for e in events if e["kind"] == "segment" and e.get("peer") == "real-client.loopback"}
for code in (235, 530, 535):
    if code not in replies:
        problems.append(f"the trace has no {code} to the real client")
logins = [e.get("sasl_method") for e in events if e["kind"] == "queue" and e.get("sasl_username") == USER]
for method in ["CRAM-MD5", "PLAIN", "LOGIN"] + (["SCRAM-SHA-256"] if shutil.which("msmtp") else []):
    if method not in logins:
        problems.append(f"no message in the trace arrived after an AUTH {method} login: {logins}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok: {len(sent)} messages sent after a login ({', '.join(sent)}), 535 for wrong passwords, 530 without a login")
