#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks xswctl -j output on stdin against a schema of docs/json.md and the
rules every value follows: snake_case keys, null (never "") for an absent
value. Usage: json_check.py SCHEMA-NAME < output. Prints what is wrong and
exits 1, or exits 0."""
import json
import re
import sys
from pathlib import Path

import jsonschema

DOC = Path(__file__).resolve().parents[2] / "docs" / "json.md"
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def schemas():
    text = DOC.read_text()
    found = dict(re.findall(r"<!-- schema: ([a-z -]+) -->\s*```json\n(.*?)```", text, re.S))
    return {name: json.loads(body) for name, body in found.items()}


def rules(value, path="$"):
    if isinstance(value, dict):
        for key, v in value.items():
            if not SNAKE.match(key):
                yield f"{path}: key {key!r} is not snake_case"
            yield from rules(v, f"{path}.{key}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from rules(v, f"{path}[{i}]")
    elif value == "":
        yield f"{path}: an empty string where an absent value is null"


def main():
    name = sys.argv[1]
    all_schemas = schemas()
    schema = dict(all_schemas[name])
    schema["$defs"] = all_schemas["definitions"]["$defs"]
    errors = []
    for n, line in enumerate(sys.stdin.read().splitlines(), 1):
        value = json.loads(line)
        validator = jsonschema.Draft202012Validator(schema)
        errors += [f"line {n}: {'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}"
                   for e in validator.iter_errors(value)]
        errors += [f"line {n}: {e}" for e in rules(value)]
    for e in errors[:10]:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
