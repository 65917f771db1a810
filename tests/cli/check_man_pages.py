#!/usr/bin/env python3
"""Every tool in apps/ has a bin/<tool>.sh wrapper and a man page man/<tool>.1 whose
long options are exactly the ones the tool's --help prints.

usage: check_man_pages.py SOURCE_DIR BUILD_BIN_DIR
"""
import pathlib
import re
import subprocess
import sys

FLAG = re.compile(r"(?<![\w-])--[a-zA-Z][a-zA-Z0-9._-]*[a-zA-Z0-9]")


def troff_text(text: str) -> str:
    text = re.sub(r"\\f[BIRP]", "", text)
    return text.replace("\\-", "-").replace("\\&", "")


def main(src: pathlib.Path, bindir: pathlib.Path) -> int:
    problems = []
    tools = sorted(p.stem for p in (src / "apps").glob("*.cc"))
    for tool in tools:
        man = src / "man" / f"{tool}.1"
        wrapper = src / "bin" / f"{tool}.sh"
        exe = bindir / tool
        if not wrapper.is_file():
            problems.append(f"{tool}: no bin/{tool}.sh")
        if not man.is_file():
            problems.append(f"{tool}: no man/{tool}.1")
            continue
        if not exe.is_file():
            problems.append(f"{tool}: not built ({exe})")
            continue
        out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=30)
        help_flags = set(FLAG.findall(out.stdout + out.stderr))
        man_flags = set(FLAG.findall(troff_text(man.read_text())))
        if not help_flags:
            problems.append(f"{tool}: --help printed no options (exit {out.returncode})")
        for f in sorted(help_flags - man_flags):
            problems.append(f"{tool}: {f} is in --help but not in man/{tool}.1")
        for f in sorted(man_flags - help_flags):
            problems.append(f"{tool}: {f} is in man/{tool}.1 but not in --help")
    for p in problems:
        print(p)
    print(f"man pages: {len(tools)} tool(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])))
