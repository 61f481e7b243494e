#!/usr/bin/python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/ from the tests.

Run it from anywhere; it rewrites the seed files it owns (named "<source>-<n>") and leaves every other
file in the corpus folders alone (regression inputs, entries merged in from campaigns). Seeds follow
the targets' input convention (tests/fuzz/fuzz_support.hpp): a session is the peer's writes joined
by 0xFF, and targets with options start with an options byte (0 here: the tests' defaults).

  - server targets: the C: lines of each transcript in tests/<protocol>, one write per C: block,
    plus the string literals the tests feed() directly, one write per call;
  - client targets: the S: lines of each transcript, and the literals fed to clients;
  - dns_message: DNS messages built here (queries, responses with every record type, compression);
  - dns_resolver: those responses in FuzzedDataProvider order, answering the resolver's queries;
  - message, address: the messages and address lists the message tests use;
  - line_reader: lines of each ending and a few limits;
  - scenario: the bundled lessons and the CLI test's broken one.
"""
import ast
import json
import pathlib
import re
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
SEP = b"\xff"

RAW = re.compile(r'R"\((.*?)\)"', re.S)
CSTR = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def c_string(body):
    """The bytes of a C string literal's body (the escapes the tests use)."""
    return ast.literal_eval('b"' + body.replace("\n", "\\n") + '"')


def feed_calls(text):
    """Per TEST_CASE: the bytes of each feed("..." "...") call whose argument is only literals."""
    cases = re.split(r"\bTEST_CASE\(", text)[1:]
    out = []
    for case in cases:
        writes = []
        for m in re.finditer(r"\.feed\(((?:\s*\"(?:[^\"\\\n]|\\.)*\")+)\s*[,)]", case):
            writes.append(b"".join(c_string(s) for s in CSTR.findall(m.group(1))))
        if writes:
            out.append(writes)
    return out


def transcripts(text):
    """Each raw string that holds C:/S: lines, as a list of (who, bytes) blocks."""
    out = []
    for raw in RAW.findall(text):
        blocks = []
        for line in raw.split("\n"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if len(line) < 2 or line[0] not in "CS" or line[1] != ":":
                blocks = None
                break
            body = line[2:]
            if body.startswith(" "):
                body = body[1:]
            data = body.encode() + b"\r\n"
            if blocks and blocks[-1][0] == line[0]:
                blocks[-1] = (line[0], blocks[-1][1] + data)
            else:
                blocks.append((line[0], data))
        if blocks:
            out.append(blocks)
    return out


def side(blocks, who):
    return [data for w, data in blocks if w == who]


class Writer:
    def __init__(self, target):
        self.dir = CORPUS / target
        self.dir.mkdir(parents=True, exist_ok=True)
        self.seen = set()
        self.count = {}

    def add(self, source, data):
        if not data or data in self.seen:
            return
        self.seen.add(data)
        n = self.count.get(source, 0) + 1
        self.count[source] = n
        (self.dir / f"{source}-{n}").write_bytes(data)

    def clear(self):
        for f in self.dir.glob("*"):
            if re.fullmatch(r"[a-z0-9_]+-\d+", f.name) and not f.name.startswith("regression"):
                f.unlink()


def test_files(folder):
    return sorted((TESTS / folder).glob("*.[ch]pp"))


def session(writes, options=None):
    data = SEP.join(writes)
    return data if options is None else bytes([options]) + data


def servers():
    # SMTP: most scripts start after greeted()'s EHLO. The AUTH tests' scripts run with AUTH on
    # (option bit 6), once with answers at once and once with lookups that answer later (bit 7).
    w = Writer("smtp_server")
    w.clear()
    for f in test_files("smtp_server"):
        text = f.read_text()
        options = [64, 192] if f.stem.startswith("auth") else [0]
        for blocks in transcripts(text):
            writes = side(blocks, "C")
            if writes and not re.match(rb"(?i)(EHLO|HELO) ", writes[0]):
                writes = [b"EHLO client.example\r\n"] + writes
            for o in options:
                w.add(f.stem, session(writes, o))
        for writes in feed_calls(text):
            for o in options:
                w.add(f.stem, session(writes, o))

    w = Writer("pop3_server")
    w.clear()
    for f in test_files("pop3"):
        if "client" in f.stem:
            continue
        text = f.read_text()
        for blocks in transcripts(text):
            w.add(f.stem, session(side(blocks, "C")))
        for writes in feed_calls(text):
            w.add(f.stem, session(writes))

    # IMAP: scripts played after the fixture's LOGIN and SELECT get them in front.
    login_select = [b"a1 LOGIN bob secret\r\n", b"a2 SELECT INBOX\r\n"]
    w = Writer("imap_server")
    w.clear()
    for f in test_files("imap"):
        if "client" in f.stem and "server" not in f.stem:
            continue
        text = f.read_text()
        for blocks in transcripts(text):
            writes = side(blocks, "C")
            if writes and not re.search(rb"(?i)^\S+ (LOGIN|AUTHENTICATE) ", writes[0]):
                writes = login_select + writes
            w.add(f.stem, session(writes))
        for writes in feed_calls(text):
            if not any(re.search(rb"(?i)LOGIN|AUTHENTICATE", x) for x in writes[:1]):
                writes = login_select + writes
            w.add(f.stem, session(writes))


def clients():
    w = Writer("smtp_client")
    w.clear()
    for f in test_files("smtp_client"):
        for writes in feed_calls(f.read_text()):
            w.add(f.stem, session(writes))

    w = Writer("pop3_client")
    w.clear()
    for f in test_files("pop3"):
        if "client" not in f.stem and "end_to_end" not in f.stem:
            continue
        text = f.read_text()
        # The login tests' scripts with each way in (options bits 2-4: USER/PASS, APOP, AUTH ...).
        logins = range(6) if "login" in f.stem else [0]
        for blocks in transcripts(text):
            for login in logins:
                w.add(f.stem, session(side(blocks, "S"), login << 2))
            w.add(f.stem, session(side(blocks, "S"), 1))  # keep mode
        for writes in feed_calls(text):
            w.add(f.stem, session(writes, 0))

    # IMAP client: a script without the greeting is played after the file's first one that has it.
    w = Writer("imap_client")
    w.clear()
    for f in test_files("imap"):
        if "client" not in f.stem:
            continue
        text = f.read_text()
        options = 1 if "idle" in f.stem else 0
        scripts = transcripts(text)
        prelude = next((side(b, "S") for b in scripts if b[0][0] == "S" and b[0][1].startswith(b"* OK")), [])
        for blocks in scripts:
            writes = side(blocks, "S")
            if writes and not writes[0].startswith((b"* OK", b"* PREAUTH", b"* BYE")):
                writes = prelude + writes
            w.add(f.stem, session(writes, options))
        for writes in feed_calls(text):
            w.add(f.stem, session(writes, options))


# --- DNS -------------------------------------------------------------------------------------------

def name(n, table, offset):
    """Wire form of a name, compressed against names already written (table: suffix -> offset)."""
    out = b""
    labels = [l for l in n.split(".") if l]
    for i in range(len(labels)):
        suffix = ".".join(labels[i:])
        if suffix in table:
            return out + struct.pack(">H", 0xC000 | table[suffix])
        table[suffix] = offset + len(out)
        out += bytes([len(labels[i])]) + labels[i].encode()
    return out + b"\0"


TYPES = {"A": 1, "CNAME": 5, "MX": 15, "TXT": 16}


def dns(id_, flags, questions, answers=(), authority=(), additional=()):
    out = struct.pack(">HHHHHH", id_, flags, len(questions), len(answers), len(authority), len(additional))
    table = {}
    for qname, qtype in questions:
        out += name(qname, table, len(out)) + struct.pack(">HH", TYPES[qtype], 1)
    for section in (answers, authority, additional):
        for owner, rtype, data in section:
            out += name(owner, table, len(out)) + struct.pack(">HHI", TYPES[rtype], 1, 300)
            at = len(out) + 2
            if rtype == "A":
                rdata = bytes(int(x) for x in data.split("."))
            elif rtype == "MX":
                pref, host = data
                rdata = struct.pack(">H", pref) + name(host, table, at + 2)
            elif rtype == "CNAME":
                rdata = name(data, table, at)
            else:
                rdata = b"".join(bytes([len(c)]) + c for c in [data[i:i + 255].encode() for i in range(0, len(data), 255)])
            out += struct.pack(">H", len(rdata)) + rdata
    return out


def dns_messages():
    q = 0x0100  # RD
    r = 0x8400  # QR AA
    mx2 = [("home.example", "MX", (10, "mx1.home.example")), ("home.example", "MX", (20, "mx2.home.example")),
           ("home.example", "MX", (10, "mx3.home.example"))]
    return {
        "query-mx": dns(100, q, [("home.example", "MX")]),
        "query-a": dns(101, q, [("mx1.home.example", "A")]),
        "mx-with-glue": dns(100, r, [("home.example", "MX")], mx2, [], [("mx1.home.example", "A", "10.0.2.25")]),
        "mx-cname": dns(100, r, [("home.example", "MX")], [("home.example", "CNAME", "mail.isp.example"),
                                                           ("mail.isp.example", "MX", (5, "mx.isp.example"))]),
        "null-mx": dns(100, r, [("home.example", "MX")], [("home.example", "MX", (0, ""))]),
        "a": dns(101, r, [("mx2.home.example", "A")], [("mx2.home.example", "A", "10.0.2.26")]),
        "a-implicit": dns(101, r, [("home.example", "A")], [("home.example", "A", "10.0.2.1")]),
        "nodata": dns(100, r, [("home.example", "MX")], [], [("home.example", "TXT", "v=spf1 mx -all")]),
        "nxdomain": dns(100, r | 3, [("home.example", "MX")]),
        "servfail": dns(100, 0x8002, [("home.example", "MX")]),
        "txt-long": dns(7, r, [("home.example", "TXT")], [("home.example", "TXT", "x" * 300)]),
    }


def dns_targets():
    w = Writer("dns_message")
    w.clear()
    for key, data in dns_messages().items():
        w.add("built", data)
    # FuzzedDataProvider: the datagram from the front (a backslash doubled, "\\" + other ends it),
    # the choices from the back: per query "answer" (bool 0) then "match the id" (bool 1).
    w = Writer("dns_resolver")
    w.clear()
    m = dns_messages()

    def fdp(datagrams, picks=0):
        # Consumed from the back, in this order: per query "time out?" (0: no), "match the id?" (1),
        # and after the first answer the 8 bytes of each tie-breaking pick.
        taken = []
        for i, _ in enumerate(datagrams):
            taken += [0, 1] + ([7] * 8 * picks if i == 0 else [])
        front = b"".join(d.replace(b"\\", b"\\\\") + b"\\x" for d in datagrams)
        return front + bytes(reversed(taken))

    for seq, picks in ((["mx-with-glue", "a", "a"], 1), (["nodata", "a-implicit"], 0), (["mx-cname", "a"], 0),
                       (["null-mx"], 0), (["nxdomain"], 0), (["servfail"], 0), (["mx-with-glue"], 1)):
        w.add("session", fdp([m[k] for k in seq], picks))


# --- messages, lines, scenarios ------------------------------------------------------------------

def text_targets():
    w = Writer("message")
    w.clear()
    for f in [TESTS / "imap" / "server_fixture.hpp", TESTS / "pop3" / "fixture.hpp"] + test_files("message"):
        for body in CSTR.findall(f.read_text()):
            data = c_string(body)
            if b":" in data and b"\n" in data:
                w.add(f.stem, data)
    for data in [b"Subject: folded\r\n  over two lines\r\nTo: a@b.example\r\n\r\nbody\r\n",
                 b"From: a@b\nSubject: bare LF\n\nbody\nline\n", b"no header at all\r\n",
                 b"From alice@x Mon Nov  3 09:00:00 2025\r\nSubject: mbox\r\n\r\nx\r\n", b"A:\r\n\r\n"]:
        w.add("built", data)

    w = Writer("address")
    w.clear()
    for f in test_files("message"):
        text = f.read_text()
        for m in re.finditer(r"parse_(?:address_list|addr_spec)\(((?:\s*\"(?:[^\"\\\n]|\\.)*\")+)\)", text):
            w.add(f.stem, b"".join(c_string(s) for s in CSTR.findall(m.group(1))))
        for m in re.finditer(r'parse_(?:address_list|addr_spec)\(R"\((.*?)\)"\)', text):
            w.add(f.stem, m.group(1).encode())

    w = Writer("line_reader")
    w.clear()
    lines = b"EHLO x\r\nbare\nMAIL FROM:<a@b>\r\n\r\n.\r\n..\r\nlast"
    for limit in (8, 64, 255):
        w.add("built", bytes([limit - 1]) + lines.replace(b"\r\n", b"\r\n" + SEP, 2))
    w.add("built", bytes([15]) + b"a1 APPEND INBOX {5}\r\n" + SEP + b"\xfe\x05" + SEP + b"hello)\r\n")
    w.add("built", bytes([9]) + b"x" * 40 + SEP + b"y" * 20 + b"\r\nok\r\n")

    w = Writer("scenario")
    w.clear()
    for f in sorted((ROOT / "scenarios").glob("*.json")):
        if f.name != "scenario.schema.json":
            w.add(f.stem.replace("-", "_"), f.read_bytes())
    w.add("bad_address", (TESTS / "cli" / "bad-address.json").read_bytes())


def json_dictionary():
    """scenario.dict: every property name in the schema, as a quoted JSON key."""
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text())
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.get("properties", {}).items():
                keys.add(k)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    lines = ["# Scenario keys, from scenarios/scenario.schema.json (written by make_corpus.py).",
             '"{"', '"}"', '"["', '"]"', '":"', '","', '"true"', '"false"', '"null"', '"\\""']
    lines += ['"\\"%s\\""' % k for k in sorted(keys)]
    (ROOT / "tests" / "fuzz" / "scenario.dict").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    servers()
    clients()
    dns_targets()
    text_targets()
    json_dictionary()
    total = sum(f.stat().st_size for f in CORPUS.rglob("*") if f.is_file())
    for d in sorted(CORPUS.iterdir()):
        print(f"{d.name}: {len(list(d.iterdir()))} files")
    print(f"total {total} bytes")
