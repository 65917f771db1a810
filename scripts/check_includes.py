#!/usr/bin/env python3
"""Checks the module graph on #include lines.

core/ sub-modules form a DAG: a module may include only itself and the modules
listed for it below. apps/ may include core; core may never include apps/.
Exit 0 when every include is allowed, 1 (listing each offence) otherwise.
"""
import pathlib
import re
import sys

ALLOWED = {
    "base": set(),
    "record": {"base"},
    "protocol": {"base"},
    "storage": {"base", "record"},
    "coordination": {"base"},
    "config": {"base"},
    "client": {"base", "record", "protocol", "coordination", "config"},
    "replication": {"base", "record", "protocol", "storage", "client", "coordination", "config"},
    "broker": {"base", "record", "protocol", "storage", "client", "coordination", "replication", "config"},
    "tools": {"base", "record", "protocol", "storage", "client", "coordination", "replication", "broker", "config"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_SUFFIXES = {".h", ".cc", ".hpp", ".cpp", ".inc"}


def main(root: pathlib.Path) -> int:
    problems = []
    core = root / "core"
    modules = sorted(p.name for p in core.iterdir() if p.is_dir())
    for m in modules:
        if m not in ALLOWED:
            problems.append(f"core/{m}: module not in the dependency table of scripts/check_includes.py")
    for path in sorted(core.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        module = path.relative_to(core).parts[0]
        if module not in ALLOWED:
            continue
        for inc in INCLUDE.findall(path.read_text(errors="replace")):
            top = inc.split("/")[0]
            if top == "apps" or inc.startswith("../"):
                problems.append(f"{path.relative_to(root)}: includes {inc} (core must not reach outside core/)")
            elif top in ALLOWED and top != module and top not in ALLOWED[module]:
                problems.append(f"{path.relative_to(root)}: {module} may not include {inc}")
    for problem in problems:
        print(problem)
    print(f"include graph: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()))
