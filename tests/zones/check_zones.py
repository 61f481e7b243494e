#!/usr/bin/python3
"""The zone files --export-mail writes are real RFC 1035 master files with what the DNS answered.

    check_zones.py MAILSIM WORKDIR LESSON...

For each lesson: runs it with --export-mail and --trace; every DIR/zones/*.zone must pass BIND's
named-checkzone, and must read back with dnspython (python3-dnspython); then, for every name and
type the run's DNS server answered (decoded from the trace's datagrams, their exact wire bytes),
the zone file must hold exactly the records answered. Names a dns_set or dns_remove failure
changes during the run are left out (the files show time 0). At least one TXT record must have
been split into 255-octet strings (a DKIM key), so the splitting is checked. Prints the counts;
exits 1 on a mismatch. Run it with /usr/bin/python3, which has dnspython.
"""
import base64
import json
import pathlib
import shutil
import subprocess
import sys

import dns.message
import dns.rdatatype
import dns.zone

TYPES = {"A", "AAAA", "CNAME", "MX", "PTR", "TXT"}


def rdata_key(rdtype, rd):
    """A record's data as a comparable value: TXT as its joined octets (however split), else text."""
    if rdtype == "TXT":
        return b"".join(rd.strings)
    return rd.to_text().lower()


def answered(trace):
    """(name, type) -> the set of data every DNS response in the trace carried."""
    found = {}
    for line in trace.read_text(encoding="utf-8").splitlines()[1:]:
        e = json.loads(line)
        if e["kind"] != "datagram" or "wire" not in e:
            continue
        m = dns.message.from_wire(base64.b64decode(e["wire"]))
        for rrset in m.answer:
            t = dns.rdatatype.to_text(rrset.rdtype)
            key = (rrset.name.to_text().lower(), t)
            for rd in rrset:
                found.setdefault(key, set()).add(rdata_key(t, rd))
    return found


def changed_names(lesson):
    doc = json.loads(pathlib.Path(lesson).read_text(encoding="utf-8"))
    names = set()
    for f in doc.get("failures", []):
        if f.get("kind") in ("dns_set", "dns_remove") or "record" in f:
            rec = f.get("record", f)
            if "name" in rec:
                names.add(rec["name"].lower().rstrip(".") + ".")
    return names


def check(mailsim, lesson, work, problems):
    stem = pathlib.Path(lesson).stem
    out = work / stem
    trace = work / (stem + ".jsonl")
    run = subprocess.run([mailsim, "run", lesson, "--quiet", "--export-mail", str(out), "--trace", str(trace)],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        problems.append(f"{stem}: mailsim run exited {run.returncode}:\n{run.stdout}{run.stderr}")
        return 0, 0, 0, 0
    zone_records = {}
    files = sorted((out / "zones").glob("*.zone"))
    split = 0
    for path in files:
        origin = path.name[: -len(".zone")]
        checked = subprocess.run(["named-checkzone", "-k", "fail", "-n", "fail", origin, str(path)],
                                 capture_output=True, text=True, timeout=60)
        if checked.returncode != 0:
            problems.append(f"{path}: named-checkzone says:\n{checked.stdout}{checked.stderr}")
        zone = dns.zone.from_file(str(path), origin=origin, relativize=False)
        for name, node in zone.nodes.items():
            for rdataset in node.rdatasets:
                t = dns.rdatatype.to_text(rdataset.rdtype)
                if t not in TYPES:
                    continue
                for rd in rdataset:
                    if t == "TXT" and len(rd.strings) > 1:
                        split += 1
                    zone_records.setdefault((name.to_text().lower(), t), set()).add(rdata_key(t, rd))
    changed = changed_names(lesson)
    compared = 0
    for key, data in sorted(answered(trace).items()):
        if key[0] in changed:
            continue
        compared += 1
        if zone_records.get(key, set()) != data:
            problems.append(f"{stem}: {key[0]} {key[1]}: the DNS answered {sorted(map(str, data))}, "
                            f"the zone files hold {sorted(map(str, zone_records.get(key, set())))}")
    return len(files), sum(len(v) for v in zone_records.values()), compared, split


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    mailsim, work, lessons = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    problems = []
    totals = [0, 0, 0, 0]
    for lesson in lessons:
        for i, n in enumerate(check(mailsim, lesson, work, problems)):
            totals[i] += n
    if totals[3] == 0:
        problems.append("no TXT record was split into 255-octet strings: no long DKIM key in these lessons?")
    if totals[2] == 0:
        problems.append("no DNS answer in any run: nothing was compared")
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(lessons)} lessons: {totals[0]} zone files pass named-checkzone and read back with dnspython, "
          f"{totals[1]} records; {totals[2]} names and types the DNS answered match the files; "
          f"{totals[3]} long TXT record(s) split into 255-octet strings")


if __name__ == "__main__":
    main()
