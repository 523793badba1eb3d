#!/usr/bin/env python3
"""Writes the shell inside CI files out as files for shellcheck: each `run:` of a GitHub
workflow or composite action (bash; every ${{ ... }} becomes a plain word) and each script
entry of a GitLab file's jobs (POSIX sh, as GitLab images often have only busybox).

    ci_scripts.py OUT_DIR FILE...      prints the written files, one per line, NAME.bash or NAME.sh
"""
import os
import re
import sys

import yaml


def gitlab_scripts(doc):
    for name, job in doc.items():
        if isinstance(job, dict):
            for key in ("before_script", "script", "after_script"):
                if isinstance(job.get(key), list):
                    yield f"{name}.{key}", "sh", "\n".join(job[key])


def github_scripts(doc):
    steps = []
    for name, job in (doc.get("jobs") or {}).items():
        steps += [(f"{name}.{i}", s) for i, s in enumerate(job.get("steps") or [])]
    steps += [(f"action.{i}", s) for i, s in enumerate((doc.get("runs") or {}).get("steps") or [])]
    for name, step in steps:
        if "run" in step:
            yield name, "bash", re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", step["run"])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path) as f:
            doc = yaml.safe_load(f)
        scripts = github_scripts(doc) if ("jobs" in doc or "runs" in doc) else gitlab_scripts(doc)
        for name, shell, text in scripts:
            target = os.path.join(out, f"{os.path.basename(path)}.{name}.{shell}")
            with open(target, "w") as f:
                f.write(f"#!/bin/{shell}\n{text}\n")
            print(target)


if __name__ == "__main__":
    sys.exit(main())
