#!/usr/bin/env python3
"""IMAP stress over `mailsim serve` (issue 17): several clients at once on one mailbox do random
STORE, EXPUNGE, UID EXPUNGE, APPEND, COPY and MOVE, and each checks every untagged response against
its own model of the mailbox, the way a careful client tracks state (RFC 3501 §7, §5.2):

  - "* n EXISTS" never shrinks the mailbox; "* n EXPUNGE" names a message it has;
  - "* n FETCH" names a message it has, with the UID it knows for that number, and flags that are
    system flags or keywords the server announced in FLAGS (§7.2.6);
  - "* n RECENT" is at most the number of messages;
  - every so often "UID FETCH 1:* (UID FLAGS)" must give back exactly the UIDs of its model, in order;
  - its own APPEND and COPY answer APPENDUID/COPYUID with UIDs above every one it has seen.

Not a timed test: it runs for --seconds (a stress run, 60 s in the issue) or --ops commands per
client (the short smoke run CTest does), and prints what it did and how many mismatches it found.
Every line of the dialog is a trace event and `mailsim serve` reads no client past a million of them,
so the mailbox is kept small and STORE names at most ten messages: a minute stays within that.

usage: imap_stress.py MAILSIM SCENARIO WORKDIR [--clients N] [--seconds S | --ops N] [--seed N]"""
import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

SYSTEM = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent"}
KEYWORDS = [f"$Label{i}" for i in range(1, 6)] + [f"tag{i}" for i in range(30)]


class Mismatch(Exception):
    pass


class Client:
    """One connection; reads responses in order, literals included, and keeps a model of the mailbox."""

    def __init__(self, port, name, rng):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buf = b""
        self.name, self.rng = name, rng
        self.tag = 0
        self.uids = []           # index + 1 = message sequence number; None: not learnt yet
        self.flags = {}          # uid -> set of flags
        self.known = set(SYSTEM)  # flags the server announced (FLAGS), system flags always
        self.highest_uid = 0
        self.placeholder = 0     # full_check(): messages whose UID is not known yet, numbered -1, -2, ...
        self.mismatches, self.responses, self.ops = [], 0, 0

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Mismatch("connection closed")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\r\n", 1)
        # A line ending in {n} goes on after n octets of literal (§4.3).
        m = re.search(rb"\{(\d+)\}$", raw)
        while m:
            n = int(m.group(1))
            while len(self.buf) < n:
                self.buf += self.sock.recv(65536)
            literal, self.buf = self.buf[:n], self.buf[n:]
            rest = self.line_raw()
            raw = raw + b"\r\n" + literal + rest
            m = re.search(rb"\{(\d+)\}$", rest)
        return raw.decode("utf-8", "replace")

    def line_raw(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Mismatch("connection closed")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\r\n", 1)
        return raw

    def fail(self, what):
        self.mismatches.append(f"{self.name}: {what}")

    def command(self, text, literal=None):
        self.tag += 1
        tag = f"{self.name}{self.tag}"
        data = f"{tag} {text}".encode()
        if literal is not None:  # LITERAL+ (RFC 7888): no waiting for "+"
            data += b" {%d+}\r\n" % len(literal) + literal
        self.sock.sendall(data + b"\r\n")
        untagged = []
        while True:
            line = self.line()
            if line.startswith(tag + " "):
                return line[len(tag) + 1:], untagged
            if line.startswith("* "):
                untagged.append(line[2:])
                self.track(line[2:])
            elif not line.startswith("+"):
                self.fail(f"unexpected line {line[:80]!r}")

    # The careful client: every untagged response checked against the model, then applied.
    def track(self, r):
        self.responses += 1
        m = re.match(r"(\d+) (EXISTS|EXPUNGE|RECENT|FETCH)\b ?(.*)$", r, re.S)
        if m:
            n, kind, rest = int(m.group(1)), m.group(2), m.group(3)
            if kind == "EXISTS":
                if n < len(self.uids):
                    self.fail(f"EXISTS {n} below the {len(self.uids)} messages known")
                self.uids += [None] * (n - len(self.uids))
            elif kind == "EXPUNGE":
                if not 1 <= n <= len(self.uids):
                    self.fail(f"EXPUNGE {n} of {len(self.uids)} messages")
                else:
                    self.flags.pop(self.uids.pop(n - 1), None)
            elif kind == "RECENT":
                if n > len(self.uids):
                    self.fail(f"RECENT {n} above EXISTS {len(self.uids)}")
            else:
                self.fetch(n, rest)
            return
        fm = re.match(r"FLAGS \((.*)\)$", r)
        if fm:
            self.known = set(SYSTEM) | set(fm.group(1).split())

    def fetch(self, n, rest):
        if not 1 <= n <= len(self.uids):
            return self.fail(f"FETCH {n} of {len(self.uids)} messages")
        u = re.search(r"\bUID (\d+)", rest)
        if u:
            uid = int(u.group(1))
            known = self.uids[n - 1] if self.uids[n - 1] is not None and self.uids[n - 1] > 0 else None
            if known is not None and known != uid:
                self.fail(f"FETCH {n} says UID {uid}, known as UID {known}")
            if known is None and uid in self.uids:
                self.fail(f"FETCH {n} says UID {uid}, which is message {self.uids.index(uid) + 1}")
            self.uids[n - 1] = uid
            self.highest_uid = max(self.highest_uid, uid)
        f = re.search(r"\bFLAGS \(([^)]*)\)", rest)
        if f:
            flags = set(f.group(1).split())
            unknown = {x for x in flags if x not in self.known}
            if unknown:
                self.fail(f"FETCH {n} FLAGS {sorted(unknown)} used without being in FLAGS")
            if self.uids[n - 1] is not None and self.uids[n - 1] > 0:
                self.flags[self.uids[n - 1]] = flags

    def expect_ok(self, text, literal=None):
        tagged, untagged = self.command(text, literal)
        if not tagged.startswith("OK"):
            self.fail(f"{text[:40]!r} answered {tagged[:80]!r}")
        return tagged, untagged

    def learn(self):
        """The numbers whose UIDs are not known yet: ask, as a client does after EXISTS."""
        unknown = [i + 1 for i, u in enumerate(self.uids) if u is None]
        if unknown:
            self.expect_ok(f"FETCH {unknown[0]}:* (UID FLAGS)")

    def full_check(self):
        # Messages known without their UID yet stand in the model as placeholders of their own.
        for i, u in enumerate(self.uids):
            if u is None:
                self.placeholder -= 1
                self.uids[i] = self.placeholder
        waiting = {u for u in self.uids if u < 0}
        tagged, untagged = self.expect_ok("UID FETCH 1:* (UID FLAGS)")
        # Each FETCH response was checked against the model as it was read (track). The UIDs rise
        # with the numbers. A message the FETCH left out may be one another session expunged: its
        # EXPUNGE comes once EXPUNGE may be sent (§7.4.1), so after a NOOP every message known
        # before has its UID or is gone.
        fetched = [int(m.group(1)) for r in untagged for m in [re.match(r"\d+ FETCH \(.*?\bUID (\d+)", r)] if m]
        if fetched != sorted(fetched):
            self.fail(f"UID FETCH 1:* out of order: {fetched[:10]}")
        self.expect_ok("NOOP")
        left = [u for u in self.uids if u is not None and u in waiting]
        if left:
            self.fail(f"after UID FETCH 1:* and NOOP, {len(left)} message(s) neither fetched nor expunged")
        self.uids = [None if u is not None and u < 0 else u for u in self.uids]
        known = [u for u in self.uids if u is not None]
        if known != sorted(known) or len(set(known)) != len(known):
            self.fail("the UIDs of the model do not rise with the sequence numbers")

    def step(self):
        self.ops += 1
        rng, count = self.rng, len(self.uids)
        op = rng.choices(["store", "expunge", "uid-expunge", "append", "copy", "move", "noop", "check"],
                         [30, 6, 4, 14, 8, 4, 6, 8])[0]
        def some():  # a range of up to ten messages, written either way round
            lo = rng.randint(1, count)
            hi = min(count, lo + rng.randint(0, 9))
            return f"{hi}:{lo}" if rng.random() < 0.2 else f"{lo}:{hi}"
        if op == "store" and count:
            flag = rng.choice(["\\Seen", "\\Flagged", "\\Deleted", "\\Answered"] + rng.sample(KEYWORDS, 2))
            self.expect_ok(f"STORE {some()} {rng.choice(['+', '-'])}FLAGS ({flag})")
        elif op == "expunge" or (op == "store" and not count):
            self.expect_ok("EXPUNGE")
        elif op == "uid-expunge" and self.highest_uid:
            lo = rng.randint(1, self.highest_uid)
            self.expect_ok(f"UID EXPUNGE {lo}:{lo + rng.randint(0, 5)}")
        elif op == "append" or count == 0:
            body = f"From: stress@school.example\r\nSubject: {self.name} {self.ops}\r\n\r\nline\r\n".encode()
            flags = " ".join(rng.sample(["\\Seen", "\\Flagged"] + KEYWORDS, rng.randint(0, 2)))
            tagged, _ = self.expect_ok(f"APPEND INBOX ({flags})", body)
            m = re.search(r"\[APPENDUID \d+ (\d+)\]", tagged)
            if not m:
                self.fail(f"APPEND without APPENDUID: {tagged[:60]!r}")
            elif int(m.group(1)) <= self.highest_uid:
                self.fail(f"APPENDUID {m.group(1)} not above UID {self.highest_uid} already seen")
        elif op == "copy" and count:
            target = rng.choice(["INBOX", "Archive"])
            tagged, _ = self.expect_ok(f"COPY {some()} {target}")
            m = re.search(r"\[COPYUID \d+ \S+ (\d+)", tagged)
            if target == "INBOX" and m and int(m.group(1)) <= self.highest_uid:
                self.fail(f"COPYUID {m.group(1)} not above UID {self.highest_uid} already seen")
        elif op == "move" and count:
            self.expect_ok(f"MOVE {rng.randint(1, count)} Archive")
        elif op == "check":
            self.full_check()
        else:
            self.expect_ok("NOOP")
        self.learn()
        if len(self.uids) > 60:  # keep the mailbox small: delete a good part of it
            self.expect_ok(f"STORE 1:{len(self.uids) // 2} +FLAGS.SILENT (\\Deleted)")
            self.expect_ok("EXPUNGE")


def run_client(port, name, seed, deadline, ops, results):
    c = Client(port, name, random.Random(seed))
    try:
        c.line()  # the greeting
        c.expect_ok("LOGIN bob password")
        c.expect_ok("SELECT INBOX")
        c.learn()
        while (ops and c.ops < ops) or (not ops and time.time() < deadline):
            c.step()
        c.full_check()
        c.expect_ok("LOGOUT")
    except (OSError, Mismatch) as e:
        c.fail(f"stopped: {e!r}")
    results[name] = c


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mailsim")
    p.add_argument("scenario")
    p.add_argument("workdir")
    p.add_argument("--clients", type=int, default=5)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--ops", type=int, default=0, help="commands per client instead of a duration")
    p.add_argument("--seed", type=int, default=17)
    a = p.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    ports_file = f"{a.workdir}/stress-ports.json"
    if os.path.exists(ports_file):
        os.remove(ports_file)
    duration = str(int(a.seconds + 60)) if not a.ops else "300"
    server = subprocess.Popen([a.mailsim, "serve", a.scenario, "--base-port", "0", "--ports-file", ports_file,
                               "--duration", duration, "--speed", "5"], stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                port = {(m["host"], m["port"]): m["real_port"] for m in json.load(open(ports_file))}[
                    ("mx.home.example", 143)]
                break
            except (OSError, ValueError, KeyError):
                time.sleep(0.05)
        else:
            sys.exit("the server did not start")
        setup = Client(port, "s", random.Random(0))
        setup.line()
        setup.expect_ok("LOGIN bob password")
        setup.expect_ok("CREATE Archive")
        setup.expect_ok("LOGOUT")
        results, threads = {}, []
        start = time.time()
        for i in range(a.clients):
            t = threading.Thread(target=run_client, args=(port, chr(ord("a") + i), a.seed + i, start + a.seconds,
                                                          a.ops, results))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        elapsed = time.time() - start
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=10)
    mismatches = [m for c in results.values() for m in c.mismatches]
    ops = sum(c.ops for c in results.values())
    responses = sum(c.responses for c in results.values())
    print(f"{len(results)} clients, {elapsed:.1f} s, {ops} commands, {responses} untagged responses checked, "
          f"{len(mismatches)} mismatches")
    for m in mismatches[:20]:
        print("  " + m)
    sys.exit(1 if mismatches or len(results) != a.clients else 0)


if __name__ == "__main__":
    main()
