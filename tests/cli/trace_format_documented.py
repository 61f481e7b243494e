#!/usr/bin/env python3
"""docs/trace-format.md agrees with the simulator.

    trace_format_documented.py MAILSIM WORKDIR SOURCE_DIR

Checks that the page's key table names exactly the keys sim/trace/jsonl.cpp can write, in the
writer's order; that its kinds table names exactly the kinds of sim/trace/event.cpp; that every line
written by a run of tests/cli/trace-kinds.json and of every bundled lesson has only the keys listed
for its kind, in the documented order; that the trace-kinds run writes every kind; and that the
page's example lines (JSON and transcript) are lines those runs really write.
"""
import json
import pathlib
import re
import subprocess
import sys

ALWAYS = ["seq", "t", "kind"]


def table_rows(doc, header):
    start = doc.find(header)
    if start < 0:
        sys.exit(f"docs/trace-format.md: no table with the header '{header}'")
    rows = []
    for line in doc[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def ticked(cell):
    return re.findall(r"`([a-z_]+)`", cell)


def code_blocks(doc, lang):
    """The lines of each fenced block opened with ```LANG ("" = no language)."""
    blocks, current, inside = [], None, False
    for line in doc.splitlines():
        if line.startswith("```"):
            if inside:
                if current is not None:
                    blocks.append("\n".join(current))
                current, inside = None, False
            else:
                inside = True
                current = [] if line[3:] == lang else None
        elif inside and current is not None:
            current.append(line)
    return blocks


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    mailsim, workdir, src = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    workdir.mkdir(parents=True, exist_ok=True)
    doc = (src / "docs/trace-format.md").read_text(encoding="utf-8")
    problems = []

    key_order = [k for r in table_rows(doc, "| key | type | meaning |") for k in ticked(r[0])]
    # An event's own keys: j.field("key", ...) and its arrays and objects (JsonLine), and the auth
    # facts' top-level keys, j["key"] (nlohmann); a nested object's members are written by `o`.
    jsonl_cpp = (src / "sim/trace/jsonl.cpp").read_text()
    written = re.findall(r'\bj\.(?:field|null|raw|strings|begin_array|begin_object)\("(\w+)"', jsonl_cpp) + re.findall(
        r'\bj\["(\w+)"\]', jsonl_cpp)
    if sorted(set(key_order)) != sorted(set(written)) or len(key_order) != len(set(key_order)):
        problems.append(f"key table {key_order}\n  differs from what jsonl.cpp writes {sorted(set(written))}")

    # Each kind's keys in the order they are written.
    per_kind = {ticked(r[0])[0]: ticked(r[2]) for r in table_rows(doc, "| kind | what happened |")}
    event_cpp = (src / "sim/trace/event.cpp").read_text()
    kinds = re.findall(r'case Kind::\w+: return "(\w+)";', event_cpp)
    if sorted(per_kind) != sorted(kinds):
        problems.append(f"kinds table {sorted(per_kind)}\n  differs from event.cpp's kinds {sorted(kinds)}")
    for kind, keys in per_kind.items():
        unknown = set(keys) - set(key_order)
        if unknown:
            problems.append(f"kind {kind}: keys {sorted(unknown)} are not in the key table")

    lessons = sorted(p for p in (src / "scenarios").glob("*.json") if not p.name.endswith("schema.json"))
    runs = [src / "tests/cli/trace-kinds.json"] + lessons
    trace_lines, transcript_lines, seen = set(), set(), {}
    for i, scenario in enumerate(runs):
        trace = workdir / f"trace-{scenario.stem}.jsonl"
        run = subprocess.run([mailsim, "run", str(scenario), "--trace", str(trace)], capture_output=True, text=True)
        if run.returncode != 0:
            problems.append(f"{scenario.name}: mailsim run exited {run.returncode}\n{run.stdout[-2000:]}{run.stderr}")
            continue
        transcript_lines.update(run.stdout.splitlines())
        lines = trace.read_text(encoding="utf-8").splitlines()
        if not lines or json.loads(lines[0]) != {"format": "mailsim-trace", "version": 2}:
            problems.append(f"{scenario.name}: the trace does not start with the version 2 header")
        for line in lines[1:]:
            trace_lines.add(line)
            e = json.loads(line)
            keys = list(e)
            kind = e.get("kind")
            if keys[:3] != ALWAYS:
                problems.append(f"{scenario.name}: line does not start with {ALWAYS}: {line[:200]}")
                continue
            if i == 0:
                seen[kind] = seen.get(kind, 0) + 1
            documented = per_kind.get(kind, [])
            extra = set(keys[3:]) - set(documented)
            if extra:
                problems.append(f"{scenario.name}: {kind} has undocumented keys {sorted(extra)}: {line[:300]}")
            positions = [documented.index(k) for k in keys[3:] if k in documented]
            if positions != sorted(positions):
                problems.append(f"{scenario.name}: {kind} keys out of the documented order: {keys}")
    missing = sorted(set(kinds) - set(seen))
    if missing:
        problems.append(f"trace-kinds.json no longer writes these kinds: {missing}")

    for block in code_blocks(doc, "json"):
        for line in block.splitlines():
            if line not in trace_lines and line != '{"format":"mailsim-trace","version":2}':
                problems.append(f"example JSON line is not written by any run: {line}")
    for block in code_blocks(doc, ""):
        for line in block.splitlines():
            if line not in transcript_lines:
                problems.append(f"example transcript line is not printed by any run: {line}")

    if problems:
        sys.exit("docs/trace-format.md disagrees with the simulator:\n- " + "\n- ".join(problems))
    print(f"trace-format.md matches: {len(key_order)} keys, {len(kinds)} kinds, {len(runs)} runs "
          f"({sum(seen.values())} events of every kind in trace-kinds.json)")


if __name__ == "__main__":
    main()
