#!/usr/bin/python3
"""DKIM interoperability with dkimpy (Debian's python3-dkim), both ways.

1. dkimpy verifies every signature we make: both algorithms, all four canonicalizations, with and
   without l=, over messages with folding, tabs, trailing white space, an empty body and a body
   without a final line break; our key record is what its dnsfunc returns. dkimpy must also reject
   each after one body octet changes, so a "True" here means something.
2. Our verifier accepts what dkimpy signs (its own test keys, a 2048-bit one whose record is longer
   than one TXT character-string), and rejects it after one body octet or one signed header
   changes, with the reason.

Usage: dkimpy_interop.py DKIM_TOOL WORKDIR. Prints the counts; exits 1 on any mismatch.
Run it with /usr/bin/python3: dkimpy is installed for Debian's interpreter only.
"""
import os
import subprocess
import sys

import dkim

DATA = "/usr/lib/python3/dist-packages/dkim/tests/data"

MESSAGES = {
    "plain": (b"From: Alice <alice@school.example>\r\n"
              b"To: Bob <bob@home.example>\r\n"
              b"Subject: Lunch\r\n"
              b"Date: Mon, 3 Nov 2025 09:00:00 +0000\r\n"
              b"Message-ID: <1@school.example>\r\n"
              b"\r\n"
              b"See you at noon.\r\n"),
    "untidy": (b"From: \"Alice A.\" <alice@school.example>\r\n"
               b"To: bob@home.example,\r\n"
               b"\tcarol@home.example\r\n"
               b"To: dave@home.example\r\n"
               b"Subject:  A   folded\r\n"
               b"   subject \t \r\n"
               b"X-Tight:value\r\n"
               b"Date: Mon, 3 Nov 2025 09:00:00 +0000\r\n"
               b"\r\n"
               b"  leading  and trailing \t \r\n"
               b"\ttabs\tinside\r\n"
               b"\r\n"
               b"last line\r\n"
               b"\r\n"
               b"\r\n"),
    "empty-body": (b"From: alice@school.example\r\n"
                   b"Subject: nothing\r\n"
                   b"\r\n"),
    "no-final-newline": (b"From: alice@school.example\r\n"
                         b"Subject: cut\r\n"
                         b"\r\n"
                         b"no line break at the end"),
}

CANONS = ["simple/simple", "simple/relaxed", "relaxed/simple", "relaxed/relaxed"]


def run(args):
    r = subprocess.run(args, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {r.stderr.decode(errors='replace')}")
    return r.stdout


def changed_body_octet(m):
    """The message with the last letter of its body changed (a body of letters always has one)."""
    head, sep, body = m.partition(b"\r\n\r\n")
    for i in range(len(body) - 1, -1, -1):
        if chr(body[i]).isalpha():
            return head + sep + body[:i] + (b"X" if body[i:i + 1] != b"X" else b"Y") + body[i + 1:]
    return head + sep + body + b"X"  # an empty body: one octet more is a change too


def main():
    tool, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    failures = []
    checked = 0

    def path(name, data):
        p = os.path.join(work, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    # Seeded keys are written out once as PEM; the same seed in two processes must give one key.
    keys = {}
    for kind, bits in (("rsa", "2048"), ("rsa", "1024"), ("ed25519", "")):
        seed = ["--seed", f"interop {kind}{bits}", "--type", kind] + (["--bits", bits] if bits else [])
        first = run([tool, "record"] + seed)
        second = run([tool, "record"] + seed)
        if first != second:
            failures.append(f"seed {kind}{bits}: two runs gave two keys")
        keys[f"seed-{kind}{bits}"] = (seed, first.decode().strip())
    keys["dkimpy-rsa1024-pem"] = (["--pem", f"{DATA}/test.private"],
                                  run([tool, "record", "--pem", f"{DATA}/test.private"]).decode().strip())
    keys["dkimpy-ed25519"] = (["--ed25519-b64", f"{DATA}/ed25519test.key"],
                              run([tool, "record", "--ed25519-b64", f"{DATA}/ed25519test.key"]).decode().strip())

    # 1. Ours signed, dkimpy verifies.
    for key_name, (key_args, record) in keys.items():
        def dnsfunc(name, timeout=5, record=record):
            return record.encode() if name == b"mail._domainkey.school.example." else None
        for canon in CANONS:
            for mname, m in MESSAGES.items():
                for extra in ([], ["--length"]):
                    what = f"ours {key_name} c={canon} {mname} {' '.join(extra)}"
                    signed = run([tool, "sign"] + key_args + ["--domain", "school.example", "--selector", "mail",
                                                             "--canon", canon, "--t", "1762160400"] + extra +
                                 [path("m.eml", m)])
                    checked += 1
                    if not dkim.verify(signed, dnsfunc=dnsfunc):
                        failures.append(what + ": dkimpy does not verify it")
                    if dkim.verify(changed_body_octet(signed), dnsfunc=dnsfunc) and not extra:
                        failures.append(what + ": dkimpy still verifies it after a body octet changed")

    # 2. dkimpy signed, ours verifies.
    dkimpy_keys = {
        "rsa1024": (open(f"{DATA}/test.private", "rb").read(), b"rsa-sha256", open(f"{DATA}/test.txt").read().strip()),
        "rsa2048": (open(f"{DATA}/2048_testkey.key", "rb").read(), b"rsa-sha256",
                    open(f"{DATA}/2048_testkey_wo_markers.pub.txt").read().strip()),
        "ed25519": (open(f"{DATA}/ed25519test.key", "rb").read().strip(), b"ed25519-sha256",
                    "v=DKIM1; " + open(f"{DATA}/ed25519test.dns").read().strip()),
    }
    for key_name, (private, algorithm, record) in dkimpy_keys.items():
        records = ["--record", f"sel._domainkey.home.example={record}"]
        for canon in CANONS:
            h, b = canon.encode().split(b"/")
            for mname, m in MESSAGES.items():
                for length in (False, True):
                    what = f"dkimpy {key_name} c={canon} {mname} length={length}"
                    field = dkim.sign(m, b"sel", b"home.example", private, canonicalize=(h, b),
                                      signature_algorithm=algorithm, length=length)
                    signed = field + m
                    checked += 1
                    got = run([tool, "verify"] + records + ["--now", "1762160400", path("d.eml", signed)]).decode()
                    if not got.startswith("pass d=home.example s=sel"):
                        failures.append(f"{what}: ours says {got.strip()}")
                        continue
                    if not length:
                        got = run([tool, "verify"] + records + [path("b.eml", changed_body_octet(signed))]).decode()
                        if got.strip() != "fail d=home.example s=sel body hash mismatch":
                            failures.append(f"{what}, body octet changed: ours says {got.strip()}")
                    tampered = signed.replace(b"Subject:", b"Subject: Re:", 1)
                    got = run([tool, "verify"] + records + [path("h.eml", tampered)]).decode()
                    if got.strip() != "fail d=home.example s=sel signature mismatch":
                        failures.append(f"{what}, Subject changed: ours says {got.strip()}")

    print(f"{checked} signatures checked across both directions, {len(failures)} mismatches")
    for f in failures:
        print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
