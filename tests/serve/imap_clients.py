#!/usr/bin/env python3
"""Real IMAP clients against a served lesson (issue 17), on loopback only, bounded in time:
Python's imaplib walks the folder commands (CREATE, RENAME, SUBSCRIBE, LSUB, DELETE), UIDPLUS and
MOVE (APPENDUID, COPYUID, UID MOVE, UID EXPUNGE) and reads a multipart message part by part; curl
lists the folders and fetches a part (;SECTION=1); NeoMutt, where installed, saves a message into
another folder the way a person does, through a pseudo-terminal. Every step checks what the server
answered, and the trace must hold the real client's dialog.

usage: imap_clients.py MAILSIM SCENARIO WORKDIR"""
import imaplib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

from served import wait_for_ports

mailsim, scenario, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(workdir, exist_ok=True)
ports_file, trace_file = f"{workdir}/imap-ports.json", f"{workdir}/imap-serve.jsonl"
if os.path.exists(ports_file):  # a stale file from an earlier run names ports nobody listens on now
    os.remove(ports_file)
server = subprocess.Popen([mailsim, "serve", scenario, "--base-port", "0", "--ports-file", ports_file,
                           "--duration", "60", "--trace", trace_file], stdout=subprocess.PIPE, text=True)
problems = []


def check(what, ok, detail=""):
    if not ok:
        problems.append(f"{what}: {detail}")
    return ok


def multipart(subject, date="Sat, 1 Nov 2025 08:00:00 +0100"):
    return ("From: alice@school.example\r\nTo: bob@home.example\r\nSubject: " + subject + "\r\n"
            "Date: " + date + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"part\"\r\n\r\n"
            "--part\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe photo is attached.\r\n"
            "--part\r\nContent-Type: image/png; name=\"p.png\"\r\nContent-Disposition: attachment; filename=\"p.png\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--part--\r\n").encode()


def code(response, name):
    """The numbers of a response code such as [APPENDUID 42 7] in a tagged or untagged text."""
    for line in response:
        text = line.decode() if isinstance(line, bytes) else str(line)
        m = re.search(r"\[" + name + r" ([^\]]*)\]", text)
        if m:
            return m.group(1).split()
    return None


def names(listing):
    """LIST/LSUB lines -> {name: attributes}."""
    out = {}
    for line in listing or []:
        if line is None:
            continue
        m = re.match(rb'\((.*?)\) "/" "?(.*?)"?$', line)
        if m:
            out[m.group(2).decode()] = m.group(1).decode().split()
    return out


def run_imaplib(port):
    m = imaplib.IMAP4("127.0.0.1", port, timeout=5)
    for cap in ("IDLE", "UNSELECT", "MOVE", "UIDPLUS", "SPECIAL-USE", "CHILDREN", "LITERAL+", "NAMESPACE", "ID",
                "ENABLE"):
        check("CAPABILITY", cap in m.capabilities, f"{cap} missing from {m.capabilities}")
    m.login("bob", "password")
    typ, data = m.namespace()
    check("NAMESPACE", typ == "OK" and data == [b'(("" "/")) NIL NIL'], data)
    folders = names(m.list()[1])
    for name, use in (("Drafts", "\\Drafts"), ("Sent", "\\Sent"), ("Junk", "\\Junk"), ("Trash", "\\Trash")):
        check("SPECIAL-USE folder " + name, use in folders.get(name, []), folders)

    check("CREATE", m.create('"Lesson/Unit 1"')[0] == "OK")
    lesson = names(m.list('""', "Lesson*")[1])
    check("LIST after CREATE", lesson == {"Lesson": ["\\HasChildren"], "Lesson/Unit 1": ["\\HasNoChildren"]}, lesson)
    check("RENAME", m.rename("Lesson", "Course")[0] == "OK")
    course = names(m.list('""', "Course*")[1])
    check("LIST after RENAME", set(course) == {"Course", "Course/Unit 1"} and not names(m.list('""', "Lesson*")[1]),
          course)
    check("SUBSCRIBE", m.subscribe('"Course/Unit 1"')[0] == "OK")
    check("LSUB", "Course/Unit 1" in names(m.lsub('""', "Course*")[1]))
    check("UNSUBSCRIBE", m.unsubscribe('"Course/Unit 1"')[0] == "OK" and not names(m.lsub('""', "Course*")[1]))

    message = multipart("for imaplib")
    typ, data = m.append("INBOX", None, '"01-Nov-2025 08:00:00 +0100"', message)
    appended = code(data, "APPENDUID")
    if not check("APPEND answers APPENDUID", typ == "OK" and appended, data):
        return
    uid = appended[1]
    m.select("INBOX")
    typ, data = m.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[1] BODY.PEEK[2] BODYSTRUCTURE)")
    parts = {}  # imaplib gives each literal as (the text before it, its bytes)
    for item in data:
        if isinstance(item, tuple):
            section = re.search(r"BODY\[(\d)\] \{\d+\}$", item[0].decode())
            if section:
                parts[section.group(1)] = item[1]
    check("FETCH BODY[2] of a multipart", parts.get("2") == b"iVBORw0KGgo=", parts)
    check("FETCH BODY[1] of a multipart", parts.get("1") == b"The photo is attached.", parts)
    flat = b" ".join(x if isinstance(x, bytes) else b" ".join(x) for x in data)
    check("INTERNALDATE is APPEND's", b'INTERNALDATE "01-Nov-2025 08:00:00 +0100"' in flat, flat[:200])
    check("BODYSTRUCTURE names the attachment", b'("ATTACHMENT" ("FILENAME" "p.png"))' in flat, flat[-300:])

    # imaplib's uid() keeps only untagged data; xatom() returns the tagged line, with its code.
    typ, data = m.xatom("UID", "COPY", uid, '"Course/Unit 1"')
    check("UID COPY answers COPYUID", typ == "OK" and code(data, "COPYUID"), data)
    m.untagged_responses.pop("COPYUID", None)
    typ, data = m.xatom("UID", "MOVE", uid, "Trash")
    # RFC 6851: the COPYUID comes in an untagged OK, which imaplib files under the code's name.
    moved = (m.untagged_responses.get("COPYUID") or [b""])[0].decode().split()
    check("UID MOVE answers COPYUID", typ == "OK" and len(moved) == 3 and moved[1] == uid, (data, moved))
    check("UID MOVE took it out of INBOX", uid.encode() not in m.uid("SEARCH", "ALL")[1][0].split())
    m.select("Trash")
    trash_uid = moved[2] if len(moved) == 3 else "1"
    m.uid("STORE", trash_uid, "+FLAGS.SILENT", r"(\Deleted)")
    typ, data = m.uid("EXPUNGE", trash_uid)
    check("UID EXPUNGE", typ == "OK" and m.uid("SEARCH", "ALL")[1] == [b""], data)
    typ, data = m.select('"Course/Unit 1"')
    check("the copy is in Course/Unit 1", typ == "OK" and data == [b"1"], data)
    m.close()
    check("DELETE", m.delete('"Course/Unit 1"')[0] == "OK" and m.delete("Course")[0] == "OK")
    check("LIST after DELETE", not names(m.list('""', "Course*")[1]))
    m.logout()


def run_curl(curl, port):
    listing = subprocess.run([curl, "-sS", "--max-time", "10", "-u", "bob:password", f"imap://127.0.0.1:{port}/"],
                             check=True, capture_output=True, text=True).stdout
    check("curl lists the folders", all(f'"{n}"' in listing for n in ("INBOX", "Junk", "Trash", "Sent")), listing)
    m = imaplib.IMAP4("127.0.0.1", port, timeout=5)
    m.login("bob", "password")
    uid = code(m.append("INBOX", None, None, multipart("for curl"))[1], "APPENDUID")[1]
    m.logout()
    part = subprocess.run([curl, "-sS", "--max-time", "10", "-u", "bob:password",
                           f"imap://127.0.0.1:{port}/INBOX;UID={uid};SECTION=1"], check=True, capture_output=True).stdout
    check("curl fetches ;SECTION=1", part == b"The photo is attached.", part)


def run_neomutt(neomutt, port):
    """Saves the message "for neomutt" from INBOX into Archive, as a person would press s =Archive."""
    m = imaplib.IMAP4("127.0.0.1", port, timeout=5)
    m.login("bob", "password")
    m.create("Archive")
    m.append("INBOX", None, None, multipart("for neomutt"))
    m.logout()
    home = f"{workdir}/neomutt-home"
    os.makedirs(home, exist_ok=True)
    rc = f"{home}/muttrc"
    with open(rc, "w") as f:
        f.write(f"""set ssl_force_tls = no
set ssl_starttls = no
set folder = "imap://127.0.0.1:{port}/"
set spoolfile = "+INBOX"
set imap_user = "bob"
set imap_pass = "password"
set record = ""
set confirmappend = no
set delete = yes
set quit = yes
set header_cache = ""
set message_cachedir = ""
""")
    # NeoMutt draws on a terminal: give it one (a pseudo-terminal), and the keys through -e push.
    import pty
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm", HOME=home)
    p = subprocess.Popen([neomutt, "-n", "-F", rc, "-e",
                          'push "<tag-pattern>~s for.neomutt<enter><tag-prefix><save-message>=Archive<enter><quit>"'],
                         stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    deadline = time.time() + 20
    while time.time() < deadline and p.poll() is None:
        if select.select([master], [], [], 0.2)[0]:
            try:
                os.read(master, 65536)
            except OSError:
                break
    try:  # the terminal closes as NeoMutt exits: give it the rest of the time to finish
        p.wait(timeout=max(1.0, deadline - time.time()))
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        problems.append("neomutt did not finish in 20 s")
    os.close(master)
    m = imaplib.IMAP4("127.0.0.1", port, timeout=5)
    m.login("bob", "password")
    m.select("Archive", readonly=True)
    archived = m.search(None, "SUBJECT", '"for neomutt"')[1]
    m.select("INBOX", readonly=True)
    left = m.search(None, "SUBJECT", '"for neomutt"')[1]
    m.logout()
    check("neomutt saved the message into Archive", archived == [b"1"] and left == [b""], (archived, left))


try:
    ports = wait_for_ports(ports_file)  # the ports file appears once every port is open
    imap = ports[("mx.home.example", 143)]
    try:
        run_imaplib(imap)
        if shutil.which("curl"):
            run_curl(shutil.which("curl"), imap)
        if shutil.which("neomutt"):
            run_neomutt(shutil.which("neomutt"), imap)
    except (OSError, imaplib.IMAP4.error, subprocess.CalledProcessError) as e:
        problems.append(f"IMAP: {e!r}")
finally:
    server.send_signal(signal.SIGTERM)
    out, _ = server.communicate(timeout=10)

events = [json.loads(line) for line in open(trace_file, encoding="utf-8")]
commands = {e.get("text", "").split(" ")[1] for e in events
            if e.get("host") == "real-client.loopback" and e["kind"] == "segment" and e.get("proto") == "imap"
            and e.get("dir") == "c2s" and " " in e.get("text", "")}
for verb in ("CREATE", "RENAME", "SUBSCRIBE", "APPEND", "UID", "DELETE"):
    check("trace", verb in commands, f"no real-client {verb} in the trace ({sorted(commands)})")
# APPEND's literal is the message: its lines are traced as content, none of them as a command.
sent = [e for e in events if e.get("host") == "real-client.loopback" and e["kind"] == "segment" and
        e.get("proto") == "imap" and e.get("dir") == "c2s"]
content = [e.get("text", "") for e in sent if e.get("payload") == "content"]
check("trace", "Subject: for imaplib" in content and "The photo is attached." in content,
      f"the APPENDed message is not traced as content ({content[:12]})")
check("trace", not any(e.get("text") == "Subject: for imaplib" and e.get("payload") != "content" for e in sent),
      "a line of the APPENDed message is traced as a command")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(out.strip().splitlines()[-1])
