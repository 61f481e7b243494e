#!/usr/bin/env python3
"""Hostile real clients against `mailsim serve`, to see what the server's memory does.

Not a CTest test (it takes a minute and both cores): run it by hand, see docs/real-clients.md.

    /usr/bin/python3 tests/serve/hostile_load.py build/sim/cli/mailsim scenarios/relay-mx.json \
        [--clients 50] [--seconds 60] [--mode mixed] [--every 5]

It serves the scenario on free loopback ports and opens --clients connections that misbehave for
--seconds: each one that the server drops connects again at once. Every --every seconds it prints the
server's resident memory (VmRSS, and VmHWM, its peak) from /proc; at the end it checks that a
well-behaved client is still greeted on every served port (emptying the --account mailbox over POP3
first when the storm filled the world's mail storage), and prints the server's own summary.
Everything stays on 127.0.0.1 and stops by itself (the server is started with --duration too).

Modes (mixed: client i behaves like the i-th mode of the list, round robin):
  nolf      bytes without any LF to the submission port
  data      EHLO, MAIL, RCPT, DATA, then endless message lines
  lines     endless NOOP commands, replies read
  unread    POP3 login, then endless CAPA commands, replies never read
  literal   IMAP login, then an APPEND with a 30 MB literal, sent whole
  messages  complete 256 KiB messages to bob@home.example, one after another
  churn     connect, read the greeting, close; again
"""
import argparse
import json
import poplib
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

MODES = ["nolf", "data", "lines", "unread", "literal", "messages", "churn"]


def rss_kb(pid):
    """(VmRSS, VmHWM) in kB; (0, 0) once the process is gone."""
    try:
        fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


class Client:
    """One misbehaving connection: what it sends, in chunks produced on demand."""

    def __init__(self, mode, ports):
        self.mode, self.ports = mode, ports
        self.sock = None
        self.out = b""       # queued bytes not yet sent
        self.got = b""       # the last bytes the server sent (the end of the dialog)
        self.greeted = False
        self.connects = 0
        self.retry_at = 0.0

    def port(self):
        return {"unread": self.ports["pop3"], "literal": self.ports["imap"]}.get(self.mode, self.ports["submission"])

    def opening(self):
        if self.mode == "data":
            return b"EHLO hostile.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n"
        if self.mode == "unread":
            return b"USER bob\r\nPASS password\r\n"
        if self.mode == "literal":
            return b"a LOGIN bob password\r\nb APPEND INBOX {30000000}\r\n"
        return b""

    def more(self):
        """The next chunk of the endless part."""
        if self.mode == "nolf":
            return b"X" * 65536
        if self.mode == "data":
            return b"".join(b"line %06d of a message that never ends, sent as fast as the server reads it\r\n" % i
                            for i in range(800))
        if self.mode == "lines":
            return b"NOOP\r\n" * 8000
        if self.mode == "unread":
            return b"CAPA\r\n" * 8000
        if self.mode == "literal":
            return b"Y" * 65536
        if self.mode == "messages":
            body = b"".join(b"attachment line %06d ..................................................\r\n" % i
                            for i in range(3500))
            return (b"EHLO hostile.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\n"
                    b"DATA\r\n" + b"Subject: big\r\n\r\n" + body + b".\r\n")
        return b""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mailsim")
    ap.add_argument("scenario")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--mode", default="mixed", choices=MODES + ["mixed"])
    ap.add_argument("--every", type=float, default=5)
    ap.add_argument("--account", default="bob:password", help="a POP3 login, to empty a full mailbox")
    args = ap.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 600:
        sys.exit("--clients 1..200 and --seconds up to 600, please")

    work = tempfile.mkdtemp(prefix="mailsim-hostile-")
    ports_file = os.path.join(work, "ports.json")
    server = subprocess.Popen([args.mailsim, "serve", args.scenario, "--base-port", "0", "--ports-file", ports_file,
                               "--duration", str(args.seconds + 60)], stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(200):
            try:
                maps = json.load(open(ports_file))
                break
            except (OSError, ValueError):
                time.sleep(0.05)
        else:
            sys.exit("the server did not start")
        ports = {}
        for m in maps:
            ports.setdefault(m["protocol"], m["real_port"])  # the first of each kind
        run(args, server.pid, ports)
        check_later_clients(ports, args.account.split(":", 1))
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
        print("server:", out.strip().splitlines()[-1] if out.strip() else "(no summary)")


def run(args, pid, ports):
    sel = selectors.DefaultSelector()
    clients = [Client(MODES[i % len(MODES)] if args.mode == "mixed" else args.mode, ports) for i in range(args.clients)]
    stats = {"connects": 0, "dropped": 0, "refused_421": 0, "closed_with_421": 0, "closed_silently": 0, "sent_mb": 0.0}
    start = time.monotonic()
    next_report = start
    peak = 0

    def connect(c):
        c.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.sock.setblocking(False)
        c.sock.connect_ex(("127.0.0.1", c.port()))
        c.out, c.got, c.greeted = c.opening(), b"", False
        c.connects += 1
        stats["connects"] += 1
        sel.register(c.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, c)

    def drop(c):
        sel.unregister(c.sock)
        c.sock.close()
        c.sock = None
        stats["dropped"] += 1
        if b"too many connections" in c.got.lower():
            stats["refused_421"] += 1
        elif b"421 " in c.got or b"* BYE" in c.got or b"-ERR" in c.got[-200:]:
            stats["closed_with_421"] += 1
        else:
            stats["closed_silently"] += 1
        c.retry_at = time.monotonic() + 0.02  # not a busy loop on this machine's two cores

    for c in clients:
        connect(c)
    while True:
        now = time.monotonic()
        if now >= next_report:
            rss, hwm = rss_kb(pid)
            peak = max(peak, hwm)
            print(f"t={now - start:5.1f}s  rss={rss / 1024:7.1f} MB  peak={hwm / 1024:7.1f} MB  "
                  + "  ".join(f"{k}={v:.0f}" for k, v in stats.items()), flush=True)
            next_report += args.every
        if now - start >= args.seconds:
            break
        for c in clients:
            if c.sock is None and now >= c.retry_at:
                connect(c)
        for key, events in sel.select(timeout=0.05):
            c = key.data
            if events & selectors.EVENT_READ:
                try:
                    data = c.sock.recv(65536) if c.mode != "unread" or not c.greeted else b"?"
                except (BlockingIOError, InterruptedError):
                    data = b"?"
                except OSError:
                    data = b""
                if data == b"":
                    drop(c)
                    continue
                if data != b"?":
                    c.got = (c.got + data)[-4096:]
                    c.greeted = True
                    if c.mode == "churn":
                        drop(c)
                        continue
                if c.mode == "unread":  # never read again: stop asking to be told
                    sel.modify(c.sock, selectors.EVENT_WRITE, c)
            if events & selectors.EVENT_WRITE and c.sock is not None and c.mode != "churn":
                if not c.out:
                    c.out = c.more()
                try:
                    n = c.sock.send(c.out)
                    c.out = c.out[n:]
                    stats["sent_mb"] += n / 1e6
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    drop(c)
    for c in clients:
        if c.sock is not None:
            sel.unregister(c.sock)
            c.sock.close()
    rss, hwm = rss_kb(pid)
    print(f"end: rss={rss / 1024:.1f} MB, peak rss={max(peak, hwm) / 1024:.1f} MB, {stats['connects']} connects, "
          f"{stats['sent_mb']:.0f} MB sent", flush=True)


def check_later_clients(ports, account):
    """A polite client after the storm: greeted on every served port, or told why not. When the
    storm filled the world's mail storage (421 4.3.1), empty the account's mailbox over POP3 and
    try again: deleting mail is how a full server gets going again."""
    want = {"submission": b"220 ", "smtp": b"220 ", "pop3": b"+OK", "imap": b"* OK"}

    def greeting(port):
        deadline = time.monotonic() + 10
        answer = b""
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    answer = s.recv(512)
            except OSError as e:
                answer = str(e).encode()
            if not b"too many connections" in answer.lower():
                break
            time.sleep(0.2)  # the storm's connections are still closing
        return answer

    for proto, port in ports.items():
        answer = greeting(port)
        if answer.startswith(b"421 4.3.1"):
            print(f"later {proto} client: storage full: {answer.strip()[:80]!r}; emptying {account[0]}'s mailbox")
            p = poplib.POP3("127.0.0.1", ports["pop3"], timeout=10)
            p.user(account[0])
            p.pass_(account[1])
            for i in range(p.stat()[0]):
                p.dele(i + 1)
            p.quit()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and (answer := greeting(port)).startswith(b"421 4.3.1"):
                time.sleep(0.2)
        print(f"later {proto} client: {'greeted' if answer.startswith(want[proto]) else 'NOT greeted'}: "
              f"{answer.strip()[:80]!r}", flush=True)


if __name__ == "__main__":
    main()
