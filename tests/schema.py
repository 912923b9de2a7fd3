# SPDX-License-Identifier: GPL-3.0-or-later
"""schema.py SCHEMA FILE...: validate each JSON FILE against SCHEMA (JSON
Schema draft 2020-12, checked itself first); one line per error, exit 1 if
any.  Used by tests/cli/json.sh through Debian's python3-jsonschema."""
import json
import sys

from jsonschema import Draft202012Validator


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            instance = json.load(f)
        for e in sorted(validator.iter_errors(instance), key=str):
            where = "/".join(str(p) for p in e.absolute_path)
            print("%s: /%s: %s" % (path, where, e.message))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
