#!/usr/bin/env python3
"""TLS interoperability with OpenSSL's own command line tools, over loopback, both ways.

1. `openssl s_client` against our engine as a server (tls_tool serve): TLS 1.3 and 1.2, the
   certificate verified against the lesson's CA at the lesson's time (-attime) and for the host
   name, a line each way; both sides' key logs hold the same secrets. Each flawed certificate makes
   s_client refuse (-verify_return_error) and our server see the alert.
2. Our engine as a client (tls_tool connect) against `openssl s_server` presenting the lesson's
   certificates: both versions; each flaw refused with the very text s_client prints for it.
3. A seeded server (a world's library context) talks to s_client just the same.

Usage: openssl_interop.py TLS_TOOL OPENSSL WORKDIR. Prints one line per check; exits 1 on a failure.
Every process has a time limit, so a stalled peer fails the test instead of hanging it.
"""
import os
import re
import shutil
import subprocess
import sys
import time

TOOL, OPENSSL, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
HOST = "mx.school.example"
EPOCH = 1762160400          # 2025-11-03 09:00 UTC, the lessons' usual epoch
NOW = EPOCH + 3600
LIMIT = 20                  # seconds any one process may take
FLAWS = {"name-mismatch": "hostname mismatch", "expired": "certificate has expired",
         "self-signed": "self-signed certificate", "unknown-ca": "unable to get local issuer certificate"}

failures = []


def check(ok, what, detail=""):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
        if detail:
            print("     " + detail.replace("\n", "\n     "))


def path(name):
    return os.path.join(WORK, name)


def start_server(*extra):
    p = subprocess.Popen([TOOL, "serve", "--epoch", str(EPOCH), "--host", HOST, *extra],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first = p.stdout.readline()
    m = re.match(r"port (\d+)", first)
    if not m:
        p.kill()
        raise SystemExit("tls_tool serve did not start: " + first)
    return p, int(m.group(1))


def finish(p):
    try:
        out, _ = p.communicate(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        out += "\n(killed after %d s)" % LIMIT
    return out


def s_client(port, *extra, stdin=b"EHLO interop.example\nQUIT\n"):
    args = [OPENSSL, "s_client", "-connect", "127.0.0.1:%d" % port, "-servername", HOST,
            "-CAfile", path("ca.pem"), "-verify_return_error", "-verify_hostname", HOST,
            "-attime", str(NOW), "-brief", "-crlf", "-ign_eof", *extra]
    try:
        r = subprocess.run(args, input=stdin, capture_output=True, timeout=LIMIT)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return -1, "", "(s_client killed after %d s)" % LIMIT


def secrets(file):
    with open(file) as f:
        return sorted(line.strip() for line in f if line.strip() and not line.startswith("#"))


def s_server(flaw, *extra):
    # Port 0: s_server takes a free one and says which ("ACCEPT 127.0.0.1:PORT").
    p = subprocess.Popen([OPENSSL, "s_server", "-accept", "127.0.0.1:0", "-cert", path(flaw + ".pem"),
                          "-key", path(flaw + ".key"), "-naccept", "1", "-rev", *extra],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + LIMIT
    while time.time() < deadline:
        line = p.stdout.readline()
        m = re.match(r"ACCEPT 127\.0\.0\.1:(\d+)", line)
        if m:
            return p, int(m.group(1))
        if not line:
            break
    p.kill()
    raise SystemExit("openssl s_server did not start")


def connect(port, *extra):
    try:
        r = subprocess.run([TOOL, "connect", "--port", str(port), "--ca", path("ca.pem"), "--name", HOST,
                            "--now", str(NOW), *extra], capture_output=True, text=True, timeout=LIMIT)
        return r.returncode, r.stdout
    except subprocess.TimeoutExpired:
        return -1, "(tls_tool connect killed after %d s)" % LIMIT


# A fresh folder: s_client appends to its key log file, and old lines would not match.
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
subprocess.run([TOOL, "pki", "--epoch", str(EPOCH), "--host", HOST, "--out", WORK], check=True, timeout=LIMIT)

# 1. s_client against our server.
for version, flag, cipher in [("TLSv1.3", "-tls1_3", "TLS_AES_256_GCM_SHA384"),
                              ("TLSv1.2", "-tls1_2", "ECDHE-ECDSA-AES256-GCM-SHA384")]:
    server, port = start_server("--keylog", path("server-%s.keys" % version))
    code, out, err = s_client(port, flag, "-keylogfile", path("client-%s.keys" % version))
    log = finish(server)
    both = "s_client stdout:\n" + out + "\ns_client stderr:\n" + err + "\nour server:\n" + log
    check(code == 0 and "Protocol version: %s" % version in err and "Ciphersuite: %s" % cipher in err
          and "Verification: OK" in err and "Peer certificate: CN = %s" % HOST in err,
          "s_client %s: handshake with our server, certificate verified at the lesson's time" % version, both)
    check("echo: EHLO interop.example" in out and "line: EHLO interop.example" in log and "closed" in log,
          "s_client %s: a line each way, then our close_notify" % version, both)
    check("established %s %s sni=%s" % (version, cipher, HOST) in log, "our server %s: version, cipher, SNI" % version, log)
    ours, theirs = secrets(path("server-%s.keys" % version)), secrets(path("client-%s.keys" % version))
    check(ours == theirs and len(ours) >= 1, "%s key logs: our server's lines are s_client's" % version,
          "ours:\n" + "\n".join(ours) + "\ntheirs:\n" + "\n".join(theirs))

openssl_texts = {}
for flaw, text in FLAWS.items():
    server, port = start_server("--flaw", flaw)
    code, out, err = s_client(port)
    log = finish(server)
    m = re.search(r"verify error:num=\d+:(.*)", err)
    openssl_texts[flaw] = m.group(1).strip() if m else None
    check(code != 0 and openssl_texts[flaw] == text, "s_client refuses our %s certificate: %s" % (flaw, text), err)
    check(re.search(r"failed: .* alert=[a-z_]+", log) is not None,
          "our server sees s_client's alert for the %s certificate" % flaw, log)

# 2. Our client against s_server.
for version, extra, cipher in [("TLSv1.3", [], "TLS_AES_256_GCM_SHA384"),
                               ("TLSv1.2", ["--max", "TLSv1.2"], "ECDHE-ECDSA-AES256-GCM-SHA384")]:
    server, port = s_server("ok")
    code, out = connect(port, "--require", "--send", "hello interop", *extra)
    log = finish(server)
    check(code == 0 and "established %s %s" % (version, cipher) in out and "verify ok" in out
          and "peer CN=%s / CN=mailsim Lesson CA,O=mailsim" % HOST in out and "received: poretni olleh" in out,
          "our client %s against s_server: verified, a line each way" % version, out + "\ns_server:\n" + log)

for flaw, text in FLAWS.items():
    server, port = s_server(flaw)
    code, out = connect(port, "--require", "--send", "hello")
    finish(server)
    check(code == 1 and ("failed: certificate verify failed: " + text) in out and text == openssl_texts[flaw],
          "our client refuses s_server's %s certificate with s_client's words: %s" % (flaw, text), out)
    # Without --require (Postfix's way) the handshake completes and the result is reported.
    server, port = s_server(flaw)
    code, out = connect(port)
    finish(server)
    check(code == 0 and "verify " + text in out, "our client reports the %s certificate and goes on" % flaw, out)

# 3. A world's seeded library serves a real client just as well.
server, port = start_server("--library-seed", "world 42")
code, out, err = s_client(port)
log = finish(server)
check(code == 0 and "Verification: OK" in err and "echo: QUIT" in out, "s_client against a seeded server", err + log)

print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
