#!/usr/bin/env python3
"""The retry schedule of each preset, measured by running the simulator (docs/retry-presets.md).

    retry_schedule.py MAILSIM WORKDIR            prints the table as Markdown
    retry_schedule.py MAILSIM WORKDIR --check DOC  exits 1 unless DOC holds exactly that table

For each preset one submission server tries to hand one message to an MX that refuses every
connection (service_stop on port 25), so each attempt lasts a few microseconds and the table shows
the schedule itself: attempt times, the delay warning and the bounce, as ages of the message in the
server's queue, rounded to the second. The figures come from the trace (queue events with their
attempt count, bounce events with their action), never from the wording of the transcript.
"""
import json
import pathlib
import subprocess
import sys

PRESETS = ["postfix", "sendmail", "exim", "qmail"]
SHOWN = 8  # attempts listed one by one; after them the waits are all `max` for every preset
BEGIN = "<!-- retry table: printed by tests/cli/retry_schedule.py, checked by CTest -->"
END = "<!-- end of retry table -->"
SERVER = "mail.school.example"


def scenario(preset):
    return {
        "title": "retry schedule: " + preset,
        "until": "8d",
        "default_latency": "1us",
        "hosts": [
            {"name": "pc1.school.example", "address": "10.0.0.10", "role": "client"},
            {"name": "router.example", "address": "10.0.0.1", "role": "router"},
            {"name": SERVER, "address": "10.0.1.25", "role": "submission", "domains": ["school.example"],
             "relay_from": ["10.0.0.0/24"], "retry": preset},
            {"name": "mx.school.example", "address": "10.0.1.26", "role": "destination",
             "domains": ["school.example"]},
            {"name": "mx.home.example", "address": "10.0.2.25", "role": "destination", "domains": ["home.example"]},
            {"name": "ns.example", "address": "10.0.3.53", "role": "dns"},
        ],
        "links": [{"between": [h, "router.example"]} for h in
                  ["pc1.school.example", SERVER, "mx.school.example", "mx.home.example", "ns.example"]],
        "dns": [
            {"name": "school.example", "type": "MX", "preference": 10, "data": "mx.school.example"},
            {"name": "mx.school.example", "type": "A", "data": "10.0.1.26"},
            {"name": "home.example", "type": "MX", "preference": 10, "data": "mx.home.example"},
            {"name": "mx.home.example", "type": "A", "data": "10.0.2.25"},
        ],
        "accounts": [{"address": "alice@school.example", "host": "mx.school.example"},
                     {"address": "bob@home.example", "host": "mx.home.example"}],
        "clients": [{"host": "pc1.school.example", "account": "alice@school.example", "submission": SERVER}],
        "messages": [{"id": "m1", "at": "1s", "client": "pc1.school.example", "to": "bob@home.example",
                      "subject": "Retry"}],
        "failures": [{"at": "0s", "kind": "service_stop", "host": "mx.home.example", "port": 25}],
        "expect": [{"bounced": "m1"}],
    }


def age(us):
    s = round(us / 1e6)
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return (f"{d}d{h:02d}h" if d else f"{h}h") + f"{m:02d}m{s:02d}s"


def measure(mailsim, workdir, preset):
    path = workdir / f"retry-{preset}.json"
    trace = workdir / f"retry-{preset}.jsonl"
    path.write_text(json.dumps(scenario(preset), indent=1))
    run = subprocess.run([mailsim, "run", str(path), "--trace", str(trace), "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{preset}: mailsim run failed ({run.returncode}):\n{run.stdout}{run.stderr}")
    events = [e for e in map(json.loads, trace.read_text().splitlines()) if "kind" in e]  # after the header
    queued = next(e for e in events if e["kind"] == "queue" and e.get("host") == SERVER and e["queue"] == "incoming")
    qid, t0 = queued["queue_id"], queued["t"]
    # Attempt n begins with the first queue event that finds the message active with n attempts
    # (the next ones in that queue are the attempt's results).
    begins = {}
    for e in events:
        if e["kind"] == "queue" and e.get("queue_id") == qid and e["queue"] == "active":
            begins.setdefault(e["attempts"], e["t"] - t0)
    assert list(begins) == list(range(1, len(begins) + 1)), f"{preset}: attempt counts {list(begins)}"
    attempts = list(begins.values())
    reports = [e for e in events if e["kind"] == "bounce" and e.get("queue_id") == qid]
    warnings = [e["t"] - t0 for e in reports if e["action"] == "delayed"]
    bounces = [e["t"] - t0 for e in reports if e["action"] == "failed"]
    assert len(warnings) <= 1 and len(bounces) == 1, f"{preset}: reports {reports}"
    waits = [b - a for a, b in zip(attempts, attempts[1:])]
    later = {round(w / 1e6) for w in waits[SHOWN - 1:]}
    assert len(later) == 1, f"{preset}: waits after attempt {SHOWN} differ: {sorted(later)}"
    return {"attempts": attempts, "later": later.pop(), "warning": warnings[0] if warnings else None,
            "bounce": bounces[0]}


def after(attempts, t):
    n = sum(1 for a in attempts if a <= t)
    return f"{age(t)} (after attempt {n})"


def table(runs):
    rows = ["| | " + " | ".join(f"`{p}`" for p in PRESETS) + " |", "| --- |" + " --- |" * len(PRESETS)]
    for i in range(SHOWN):
        rows.append(f"| attempt {i + 1} | " + " | ".join(age(runs[p]["attempts"][i]) for p in PRESETS) + " |")
    rows.append(f"| later attempts every | " + " | ".join(age(runs[p]["later"] * 10**6) for p in PRESETS) + " |")
    rows.append("| attempts in all | " + " | ".join(str(len(runs[p]["attempts"])) for p in PRESETS) + " |")
    rows.append("| delay warning | " + " | ".join(
        "none" if runs[p]["warning"] is None else after(runs[p]["attempts"], runs[p]["warning"]) for p in PRESETS) + " |")
    rows.append("| bounce | " + " | ".join(after(runs[p]["attempts"], runs[p]["bounce"]) for p in PRESETS) + " |")
    return "\n".join(rows) + "\n"


def main():
    if len(sys.argv) not in (3, 5) or (len(sys.argv) == 5 and sys.argv[3] != "--check"):
        sys.exit(__doc__)
    mailsim, workdir = sys.argv[1], pathlib.Path(sys.argv[2])
    workdir.mkdir(parents=True, exist_ok=True)
    text = table({p: measure(mailsim, workdir, p) for p in PRESETS})
    if len(sys.argv) == 3:
        sys.stdout.write(text)
        return
    doc = pathlib.Path(sys.argv[4]).read_text(encoding="utf-8")
    start, end = doc.find(BEGIN), doc.find(END)
    if start < 0 or end < start:
        sys.exit(f"{sys.argv[4]}: no table between '{BEGIN}' and '{END}'")
    written = doc[start + len(BEGIN):end].strip("\n") + "\n"
    if written != text:
        sys.exit(f"{sys.argv[4]}: the retry table differs from the simulator's.\nwritten:\n{written}\nmeasured:\n{text}")
    print("retry table matches the simulator")


if __name__ == "__main__":
    main()
