#!/usr/bin/env python3
"""Checks one captured stdout of `altinity-deploy ... -o json` against the
contract of docs/json-output.md: exactly one JSON document (json.loads
refuses trailing text), valid against docs/json-output.schema.json (draft
2020-12), and consistent with the run's exit code when one is given.

usage: check_json_output.py STDOUT-FILE [EXIT-CODE]
Prints what is wrong and exits 1; exits 0 silently when the document holds.
"""
import json
import pathlib
import sys

import jsonschema

SCHEMA = pathlib.Path(__file__).resolve().parents[2] / "docs" / "json-output.schema.json"


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    text = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        print(f"stdout is not exactly one JSON document: {error}")
        return 1
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for problem in problems:
        where = "/".join(str(part) for part in problem.absolute_path) or "(document)"
        print(f"{where}: {problem.message}")
    if len(sys.argv) == 3 and isinstance(document, dict) and document.get("exitCode") != int(sys.argv[2]):
        print(f"exitCode {document.get('exitCode')!r} but the process exited {sys.argv[2]}")
        problems.append("exit code")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
