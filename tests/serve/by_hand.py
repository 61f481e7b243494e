#!/usr/bin/env python3
"""The SMTP and POP3 dialogs docs/real-clients.md tells students to type by hand (nc, telnet), typed
exactly as written into a served lesson on loopback: every `S:` line must be what the server sends
(`…` at the end: the rest differs from run to run). The Japanese page must show the same dialogs,
and the mistakes the page names must get the replies it quotes. Bounded in time; stops by itself.

    by_hand.py MAILSIM SCENARIO DOC_EN DOC_JA WORKDIR
"""
import os
import re
import socket
import subprocess
import sys
import time

from served import wait_for_ports

mailsim, scenario, doc_en, doc_ja, workdir = sys.argv[1:6]
os.makedirs(workdir, exist_ok=True)
problems = []


def sessions(text):
    """The ```session blocks: (the `$ ...` line, [(who, line)]) each."""
    out = []
    for block in re.findall(r"```session\n(.*?)```", text, re.S):
        lines = block.rstrip("\n").split("\n")
        out.append((lines[0], [(l[0], l[3:] if len(l) > 2 else "") for l in lines[1:]]))
    return out


en, ja = open(doc_en, encoding="utf-8").read(), open(doc_ja, encoding="utf-8").read()
dialogs = sessions(en)
if len(dialogs) != 2:
    sys.exit(f"{doc_en}: expected 2 session blocks (SMTP, POP3), found {len(dialogs)}")
if sessions(ja) != dialogs:
    problems.append(f"{doc_ja}: its session blocks differ from {doc_en}'s")
# The page's first block, relay-mx served at the default base port, names which simulated port
# each real port is.
first = re.search(r"```\n(.*?)```", en, re.S).group(1)
table = {int(real): (host, int(port)) for host, port, real in
         re.findall(r"^\w+\s+(\S+):(\d+)\s+->\s+127\.0\.0\.1:(\d+)$", first, re.M)}

ports_file = f"{workdir}/ports.json"
if os.path.exists(ports_file):
    os.remove(ports_file)
server = subprocess.Popen([mailsim, "serve", scenario, "--base-port", "0", "--ports-file", ports_file,
                           "--duration", "60"], stdout=subprocess.DEVNULL)


class Lines:
    """A connection read line by line (CRLF-terminated), with a time limit per line."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the connection")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n", 1)
        return head.decode("utf-8", "replace")

    def send(self, text):
        self.sock.sendall(text.encode() + b"\r\n")


def real_port(command):
    m = re.fullmatch(r"\$ nc -C 127\.0\.0\.1 (\d+)", command)
    if not m or int(m.group(1)) not in table:
        problems.append(f"{command!r}: not `nc -C 127.0.0.1 PORT` with a port of the page's table")
        return None
    return ports[table[int(m.group(1))]]


def play(command, steps):
    port = real_port(command)
    if port is None:
        return
    c = Lines(port)
    last_command = ""
    for n, (who, text) in enumerate(steps):
        if who == "C":
            # A multi-line answer the page shows only the start of (RETR): read it to its end first.
            if last_command.upper().startswith("RETR"):
                while c.line() != ".":
                    pass
            c.send(text)
            last_command = text
            continue
        got = c.line()
        ok = got.startswith(text[:-1]) if text.endswith("…") else got == text
        if not ok:
            problems.append(f"{command}: line {n + 1}: the page says {text!r}, the server sent {got!r}")
            return
    c.sock.close()


def reply(port, lines):
    """The last line the server answers after `lines` (each waited for)."""
    c = Lines(port)
    c.line()  # greeting
    got = ""
    for l in lines:
        c.send(l)
        got = c.line()
        while re.match(r"^\d{3}-", got):
            got = c.line()
    c.sock.close()
    return got


try:
    ports = wait_for_ports(ports_file)  # the ports file appears once every port is open

    play(*dialogs[0])
    # The message crosses the simulated relay and MX in real time: wait (bounded) until Bob has it.
    pop3 = real_port(dialogs[1][0])
    for _ in range(100):
        if pop3 is None or reply(pop3, ["USER bob", "PASS password", "STAT"]).startswith("+OK 1 "):
            break
        time.sleep(0.1)
    else:
        problems.append("the typed message never reached Bob's mailbox")
    play(*dialogs[1])

    # The mistakes the page names, and the replies it quotes.
    submission = real_port(dialogs[0][0])
    mistakes = [
        (submission, ["MAIL FROM:<alice@school.example>"], "503 5.5.1 Error: send HELO/EHLO first"),
        (submission, ["EHLO student.example", "FROB"], "502 5.5.2 Error: command not recognized"),
        (pop3, ["USER bob", "PASS wrong"], "-ERR [AUTH] Authentication failed."),
    ]
    for port, lines, quoted in mistakes:
        for doc, text in ((doc_en, en), (doc_ja, ja)):
            if f"`{quoted}`" not in " ".join(text.split()):
                problems.append(f"{doc} no longer quotes {quoted!r}")
        if port is not None and (got := reply(port, lines)) != quoted:
            problems.append(f"{lines}: the page quotes {quoted!r}, the server answered {got!r}")
finally:
    server.terminate()
    server.wait(timeout=10)

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("both dialogs of the page typed as written: every server line as the page shows it")
