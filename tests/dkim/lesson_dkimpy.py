#!/usr/bin/python3
"""dkimpy (Debian's python3-dkim) verifies a message our submission server signed in a lesson.

    lesson_dkimpy.py MAILSIM LESSON WORKDIR

Runs the lesson with --export-mail and --trace, takes every delivered .eml that carries a
DKIM-Signature, and has dkimpy verify it. Its dnsfunc answers with the TXT records our DNS server
really sent in the run: the answers are decoded from the trace's datagrams (their exact wire bytes),
so dkimpy sees what the receiving server saw. Each message must verify, and must stop verifying
after one body octet changes (so a pass means something). Prints the counts; exits 1 on a mismatch.
Run it with /usr/bin/python3: dkimpy is installed for Debian's interpreter only.
"""
import base64
import json
import pathlib
import shutil
import subprocess
import sys

import dkim
import dns.message
import dns.rdatatype


def txt_records(trace):
    """name -> the TXT strings of every DNS response in the trace, joined per record."""
    found = {}
    for line in trace.read_text(encoding="utf-8").splitlines()[1:]:
        e = json.loads(line)
        if e["kind"] != "datagram" or "wire" not in e:
            continue
        m = dns.message.from_wire(base64.b64decode(e["wire"]))
        for rrset in m.answer:
            if rrset.rdtype != dns.rdatatype.TXT:
                continue
            for rr in rrset:
                found.setdefault(rrset.name.to_text(omit_final_dot=True).lower(), set()).add(b"".join(rr.strings))
    return found


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    mailsim, lesson, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    trace = work / "trace.jsonl"
    run = subprocess.run([mailsim, "run", lesson, "--quiet", "--export-mail", str(work / "mail"), "--trace", str(trace)],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        sys.exit(f"mailsim run exited {run.returncode}:\n{run.stdout}{run.stderr}")
    records = txt_records(trace)
    asked = []

    def dnsfunc(name, timeout=5):
        key = name.decode() if isinstance(name, bytes) else name
        key = key.rstrip(".").lower()
        asked.append(key)
        texts = records.get(key, set())
        return next(iter(texts)) if len(texts) == 1 else b""

    problems, verified = [], 0
    messages = sorted((work / "mail" / "mailboxes").rglob("*.eml"))
    signed = [p for p in messages if b"\r\nDKIM-Signature:" in p.read_bytes() or p.read_bytes().startswith(b"DKIM-Signature:")]
    if not signed:
        problems.append(f"{lesson}: no delivered message carries a DKIM-Signature")
    for path in signed:
        raw = path.read_bytes()
        if not dkim.verify(raw, dnsfunc=dnsfunc):
            problems.append(f"{path}: dkimpy does not verify our signature (asked {asked})")
            continue
        verified += 1
        body = raw.index(b"\r\n\r\n") + 4
        changed = raw[:body] + (b"X" if raw[body:body + 1] != b"X" else b"Y") + raw[body + 1:]
        if dkim.verify(changed, dnsfunc=dnsfunc):
            problems.append(f"{path}: dkimpy still verifies after a body octet changed")
    if problems:
        sys.exit("\n".join(problems))
    print(f"dkimpy verified {verified} signed message(s) of {pathlib.Path(lesson).name} "
          f"with the key records from the run's DNS answers ({', '.join(sorted(set(asked)))})")


if __name__ == "__main__":
    main()
