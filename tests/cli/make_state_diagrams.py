#!/usr/bin/env python3
"""Rewrites the Mermaid blocks of docs/state-diagrams.md from `mailsim diagram` (run it after a
machine's table changed; tests/cli/diagram_in_docs.cmake fails until then).
usage: make_state_diagrams.py MAILSIM DOC"""
import re
import subprocess
import sys

mailsim, doc = sys.argv[1:3]
text = open(doc, encoding="utf-8").read()


def block(match):
    title = match.group(1)
    machine = {"SMTP server": "smtp-server", "SMTP client": "smtp-client", "POP3 server": "pop3-server",
               "POP3 client": "pop3-client", "IMAP server": "imap-server", "IMAP client": "imap-client",
               "Authentication server": "auth-server", "Authentication client": "auth-client"}[title]
    mermaid = subprocess.run([mailsim, "diagram", machine, "--format", "mermaid"], check=True,
                             capture_output=True, text=True).stdout
    return match.group(0)[:match.start(2) - match.start(0)] + mermaid + "```"


text = re.sub(r"^## (SMTP server|SMTP client|POP3 server|POP3 client|IMAP server|IMAP client|Authentication server|Authentication client) .*?```mermaid\n(.*?)```", block, text,
              flags=re.S | re.M)
open(doc, "w", encoding="utf-8").write(text)
