#!/usr/bin/env python3
"""`mailsim run --quiet` keeps only the trace events its expectations read (sim/cli/main.cpp): its
results must be those of a full run, word for word, in both languages, with the same exit status.

usage: quiet_same_results.py MAILSIM LESSON.json..."""
import subprocess
import sys


def run(mailsim, lesson, *args):
    done = subprocess.run([mailsim, "run", lesson, *args], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout


def main():
    mailsim, lessons = sys.argv[1], sys.argv[2:]
    problems, checked = [], 0
    for lesson in lessons:
        for lang in ("en", "ja"):
            full_rc, full = run(mailsim, lesson, "--lang", lang)
            quiet_rc, quiet = run(mailsim, lesson, "--lang", lang, "--quiet")
            # The full run's results are its last block, from the line that opens the quiet output.
            first = quiet.splitlines()[0] if quiet else ""
            at = full.rfind(first) if first else -1
            if not first or at < 0 or full[at:] != quiet or full_rc != quiet_rc:
                problems.append(f"{lesson} ({lang}): --quiet gave rc {quiet_rc}:\n{quiet}\nthe full run rc {full_rc}, ending:\n"
                                f"{full[-600:]}")
            checked += 1
    if problems:
        print("\n\n".join(problems))
        sys.exit(1)
    print(f"ok: {checked} runs (lessons x languages) give the same results with --quiet")


if __name__ == "__main__":
    main()
