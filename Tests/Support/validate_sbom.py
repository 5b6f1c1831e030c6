#!/usr/bin/env python3
"""Validates an SBOM with the official libraries.

    validate_sbom.py FILE cyclonedx|spdx

cyclonedx: CycloneDX 1.6 JSON, strict schema (cyclonedx-python-lib[json-validation]),
           plus bom-ref uniqueness and dependency references (which the schema cannot check).
spdx:      SPDX 2.3 JSON, parsed and validated by spdx-tools (validate_full_spdx_document:
           schema-level fields, SPDXID syntax and uniqueness, license expressions against the
           SPDX license list, relationship targets).

Prints every problem to standard output; exits 0 when valid, 1 when not, 2 on usage errors.
Install: pip install 'cyclonedx-python-lib[json-validation]' spdx-tools
"""

import json
import sys


def validate_cyclonedx(path):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    with open(path, encoding="utf-8") as f:
        text = f.read()
    problems = []
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if error is not None:
        # error.data is jsonschema's ValidationError; its str() dumps the whole schema, so be brief.
        data = getattr(error, "data", None)
        message = getattr(data, "message", None)
        if message is not None:
            where = getattr(data, "json_path", None) or "/".join(str(p) for p in getattr(data, "absolute_path", []))
            problems.append(f"schema: {where}: {message}")
        else:
            problems.append(f"schema: {error}")

    # What JSON Schema cannot say: bom-refs are unique and dependencies name existing refs.
    try:
        doc = json.loads(text)
    except ValueError as e:
        problems.append(f"json: {e}")
        return problems
    if doc.get("specVersion") != "1.6":
        problems.append(f"specVersion is {doc.get('specVersion')!r}, expected '1.6'")
    refs = []

    def walk(component):
        if "bom-ref" in component:
            refs.append(component["bom-ref"])
        for child in component.get("components", []):
            walk(child)

    metadata_component = doc.get("metadata", {}).get("component")
    if metadata_component:
        walk(metadata_component)
    for component in doc.get("components", []):
        walk(component)
    seen = set()
    for ref in refs:
        if ref in seen:
            problems.append(f"bom-ref {ref!r} is not unique")
        seen.add(ref)
    for dependency in doc.get("dependencies", []):
        for ref in [dependency.get("ref")] + dependency.get("dependsOn", []):
            if ref not in seen:
                problems.append(f"dependency names unknown bom-ref {ref!r}")
    return problems


def validate_spdx(path):
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    try:
        document = parse_file(path)
    except SPDXParsingError as e:
        return [f"parse: {message}" for message in e.get_messages()]
    if document.creation_info.spdx_version != "SPDX-2.3":
        return [f"spdxVersion is {document.creation_info.spdx_version!r}, expected 'SPDX-2.3'"]
    messages = validate_full_spdx_document(document, "SPDX-2.3")
    return [f"{m.validation_message} (context: {m.context})" for m in messages]


def main(argv):
    if len(argv) != 3 or argv[2] not in ("cyclonedx", "spdx"):
        print("usage: validate_sbom.py FILE cyclonedx|spdx", file=sys.stderr)
        return 2
    path, kind = argv[1], argv[2]
    try:
        problems = validate_cyclonedx(path) if kind == "cyclonedx" else validate_spdx(path)
    except (OSError, ValueError) as e:  # unreadable file, not JSON (json.JSONDecodeError is a ValueError)
        problems = [f"cannot read: {e}"]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{path}: {len(problems)} problem(s), not a valid {kind} document")
        return 1
    print(f"{path}: valid {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
