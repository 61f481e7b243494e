#!/usr/bin/env python3
"""The served bridge against Postfix's own load tools (docs/performance.md, "The served bridge").

Postfix's `smtp-source` sends N messages of 1 KB over S sessions, once to Postfix's `smtp-sink`
(which answers and discards) and once to a lesson served by `mailsim serve` (its destination's
port 25: one SMTP hop, as to the sink), and prints both wall times and their ratio. Each pair runs
side by side, several times, and the median counts.

Needs Postfix's programs, which it never installs or starts as a service: either the Debian postfix
package installed, or its files unpacked anywhere, as a user can without root:

    apt-get download postfix && dpkg -x postfix_*.deb /tmp/pf
    bench/serve_vs_sink.py build/sim/cli/mailsim --postfix /tmp/pf

Loopback only; every program it starts is bounded in time and stopped at the end.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "serve"))
from served import wait_for_ports  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LESSON = os.path.join(HERE, "..", "scenarios", "relay-mx.json")
DESTINATION = ("mx.home.example", 25)
SENDER, RECIPIENT = "alice@school.example", "bob@home.example"


def postfix_tools(root):
    """(smtp-source, smtp-sink, environment) from an unpacked package or the installed one."""
    env = dict(os.environ)
    if root:
        sbin = os.path.join(root, "usr", "sbin")
        env["LD_LIBRARY_PATH"] = os.path.join(root, "usr", "lib", "postfix")
        paths = [os.path.join(sbin, "smtp-source"), os.path.join(sbin, "smtp-sink")]
    else:
        paths = [shutil.which(p) or os.path.join("/usr/sbin", p) for p in ("smtp-source", "smtp-sink")]
    for p in paths:
        if not os.access(p, os.X_OK):
            sys.exit(f"{p} not found: install Debian's postfix package, or unpack it and give --postfix DIR")
    return paths[0], paths[1], env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_source(source, env, sessions, reuse, messages, port, limit):
    """Seconds smtp-source took, or None when it failed (its complaint goes to stderr)."""
    args = [source, "-s", str(sessions), "-m", str(messages), "-l", "1024", "-f", SENDER, "-t", RECIPIENT]
    if reuse:
        args.append("-d")  # several messages per connection
    start = time.monotonic()
    done = subprocess.run(args + [f"127.0.0.1:{port}"], env=env, timeout=limit, stdout=subprocess.DEVNULL)
    took = time.monotonic() - start
    return took if done.returncode == 0 else None


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def against_sink(sink, env, run):
    port = free_port()
    # -u nobody: smtp-sink refuses to run as root without dropping its privileges.
    args = [sink, "-c", f"127.0.0.1:{port}", "1024"]
    if os.geteuid() == 0:
        args[1:1] = ["-u", "nobody"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        return run(port)
    finally:
        stop(proc)


def against_mailsim(mailsim, speed, sessions, run, limit):
    with tempfile.TemporaryDirectory() as tmp:
        ports_file = os.path.join(tmp, "ports.json")
        proc = subprocess.Popen(
            [mailsim, "serve", LESSON, "--base-port", "0", "--ports-file", ports_file, "--speed", str(speed),
             "--max-connections", str(max(32, 2 * sessions)), "--duration", str(limit)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            ports = wait_for_ports(ports_file)
            took = run(ports[DESTINATION])
        finally:
            stop(proc)
        summary = proc.stdout.read().strip().splitlines()
        return took, summary[-1] if summary else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mailsim", help="the mailsim program (build/sim/cli/mailsim)")
    ap.add_argument("--postfix", help="where Postfix's package is unpacked (default: the installed one)")
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--sessions", default="1,10,64", help="comma-separated session counts")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each pair; the median counts")
    ap.add_argument("--speed", type=float, default=1000,
                    help="the served world's virtual seconds per real second (its links' latency is real time / speed)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    source, sink, env = postfix_tools(a.postfix)
    limit = 120
    rows = []
    for sessions in [int(s) for s in a.sessions.split(",")]:
        for reuse in (False, True):
            sink_t, sim_t, note = [], [], ""
            for _ in range(a.repeat):
                run = lambda port: timed_source(source, env, sessions, reuse, a.messages, port, limit)  # noqa: E731
                sink_t.append(against_sink(sink, env, run))
                took, note = against_mailsim(a.mailsim, a.speed, sessions, run, limit)
                sim_t.append(took)
            if None in sink_t or None in sim_t:
                sys.exit(f"smtp-source failed at {sessions} session(s); mailsim said: {note}")
            s, m = statistics.median(sink_t), statistics.median(sim_t)
            rows.append({"sessions": sessions, "reuse": reuse, "messages": a.messages, "smtp_sink_s": round(s, 3),
                         "mailsim_s": round(m, 3), "ratio": round(m / s, 2)})
    if a.json:
        print(json.dumps({"speed": a.speed, "rows": rows}, indent=2))
        return
    print(f"{a.messages} messages of 1 KB, one SMTP hop; mailsim serve --speed {a.speed:g}; median of {a.repeat}")
    print(f"{'sessions':>8}  {'per connection':<14}  {'smtp-sink s':>11}  {'mailsim s':>9}  {'ratio':>5}")
    for r in rows:
        per = "many (-d)" if r["reuse"] else "one message"
        print(f"{r['sessions']:>8}  {per:<14}  {r['smtp_sink_s']:>11.3f}  {r['mailsim_s']:>9.3f}  {r['ratio']:>5.2f}")


if __name__ == "__main__":
    main()
