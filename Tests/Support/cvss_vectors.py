#!/usr/bin/env python3
"""Prints CVSS vectors to check CVSS.score against the oracle (cvss_oracle.py), one a line.

  cvss_vectors.py [N]

1. Real vectors from the OSV fixtures (severity[].score and affected[].severity[].score of
   ../shared/fixtures/advisories/osv/{PyPI,Go}/all.zip, relative to the project root), unique,
   in sorted order.
2. N (default 5000) random valid vectors of each of v2, v3.0, v3.1 and v4.0 from a seeded RNG,
   so the output is the same on every run: some with temporal/environmental (v2, v3) or
   threat/environmental/supplemental (v4) metrics, some in shuffled order, some v2 ones in
   parentheses or prefixed "CVSS:2.0/".
3. A few dozen malformed vectors.

Only the standard library; no tabs or line breaks inside a vector.
"""

import json
import os
import random
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OSV_ZIPS = [
    os.path.join(ROOT, "..", "shared", "fixtures", "advisories", "osv", ecosystem, "all.zip")
    for ecosystem in ("PyPI", "Go")
]

V2_BASE = [("AV", "LAN"), ("AC", "HML"), ("Au", "MSN"), ("C", "NPC"), ("I", "NPC"), ("A", "NPC")]
V2_OPTIONAL = [
    ("E", ["U", "POC", "F", "H", "ND"]), ("RL", ["OF", "TF", "W", "U", "ND"]), ("RC", ["UC", "UR", "C", "ND"]),
    ("CDP", ["N", "L", "LM", "MH", "H", "ND"]), ("TD", ["N", "L", "M", "H", "ND"]),
    ("CR", ["L", "M", "H", "ND"]), ("IR", ["L", "M", "H", "ND"]), ("AR", ["L", "M", "H", "ND"]),
]
V3_BASE = [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"),
           ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]
V3_OPTIONAL = [
    ("E", "XHFPU"), ("RL", "XUWTO"), ("RC", "XCRU"), ("CR", "XHML"), ("IR", "XHML"), ("AR", "XHML"),
    ("MAV", "XNALP"), ("MAC", "XLH"), ("MPR", "XNLH"), ("MUI", "XNR"), ("MS", "XUC"),
    ("MC", "XHLN"), ("MI", "XHLN"), ("MA", "XHLN"),
]
V4_BASE = [("AV", "NALP"), ("AC", "LH"), ("AT", "NP"), ("PR", "NLH"), ("UI", "NPA"),
           ("VC", "HLN"), ("VI", "HLN"), ("VA", "HLN"), ("SC", "HLN"), ("SI", "HLN"), ("SA", "HLN")]
V4_THREAT = [("E", "XAPU")]
V4_ENVIRONMENTAL = [
    ("CR", "XHML"), ("IR", "XHML"), ("AR", "XHML"), ("MAV", "XNALP"), ("MAC", "XLH"), ("MAT", "XNP"),
    ("MPR", "XNLH"), ("MUI", "XNPA"), ("MVC", "XHLN"), ("MVI", "XHLN"), ("MVA", "XHLN"),
    ("MSC", "XHLN"), ("MSI", "XSHLN"), ("MSA", "XSHLN"),
]
V4_SUPPLEMENTAL = [("S", ["X", "N", "P"]), ("AU", ["X", "N", "Y"]), ("R", ["X", "A", "U", "I"]),
                   ("V", ["X", "D", "C"]), ("RE", ["X", "L", "M", "H"]),
                   ("U", ["X", "Clear", "Green", "Amber", "Red"])]

MALFORMED = [
    "",
    "   ",
    "CVSS:3.1",
    "CVSS:3.1/",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
    "CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L",
    "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:N",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Q",
    "CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h",
    "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CVSS:3.1",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:Q",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N",
    "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "AV:N/AC:L/Au:N/C:P/I:P",
    "AV:N/AC:L/Au:N/C:P/I:P/A:P/A:P",
    "AV:N/AC:L/Au:N/C:P/I:P/A:X",
    "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X",
    "AV:N/AC:L/Au:N/C:P/I:P/A:P/",
    "AV:N/AC:L/Au:N/C:P/I:P/A:P/PR:N",
    "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P",
    "(AV:N/AC:L/Au:N/C:P/I:P/A:P",
    "CVSS:4.0",
    "CVSS:4.0/",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/SA:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:Z",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MS:C",
    "CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:4.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/:A",
    "not a vector",
    "CVSS:",
]


def osv_vectors():
    found = set()
    for path in OSV_ZIPS:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".json"):
                    continue
                record = json.loads(archive.read(name))
                severities = list(record.get("severity") or [])
                for affected in record.get("affected") or []:
                    severities += affected.get("severity") or []
                for severity in severities:
                    if str(severity.get("type", "")).startswith("CVSS_") and severity.get("score"):
                        found.add(severity["score"].strip())
    return sorted(found)


def pick(rng, metrics):
    return [(name, rng.choice(list(values))) for name, values in metrics]


def optional(rng, metrics, probability):
    return [(name, rng.choice(list(values))) for name, values in metrics if rng.random() < probability]


def render(fields, rng, shuffle_probability=0.1):
    fields = list(fields)
    if rng.random() < shuffle_probability:
        rng.shuffle(fields)
    return "/".join(f"{name}:{value}" for name, value in fields)


def v2_vectors(rng, n):
    out = []
    for _ in range(n):
        fields = pick(rng, V2_BASE)
        if rng.random() < 0.3:
            fields += optional(rng, V2_OPTIONAL, 0.5)
        body = render(fields, rng)
        form = rng.random()
        if form < 0.1:
            body = f"({body})"
        elif form < 0.2:
            body = "CVSS:2.0/" + body
        out.append(body)
    return out


def v3_vectors(rng, n, minor):
    out = []
    for _ in range(n):
        fields = pick(rng, V3_BASE)
        if rng.random() < 0.3:
            fields += optional(rng, V3_OPTIONAL, 0.5)
        out.append(f"CVSS:3.{minor}/" + render(fields, rng))
    return out


def v4_vectors(rng, n):
    out = []
    for _ in range(n):
        fields = pick(rng, V4_BASE)
        kind = rng.random()
        if kind < 0.15:
            fields += pick(rng, V4_THREAT)
        elif kind < 0.45:
            fields += optional(rng, V4_THREAT, 0.6) + optional(rng, V4_ENVIRONMENTAL, rng.choice([0.15, 0.5, 1.0]))
        elif kind < 0.55:
            fields += optional(rng, V4_THREAT + V4_ENVIRONMENTAL + V4_SUPPLEMENTAL, 0.7)
        out.append("CVSS:4.0/" + render(fields, rng))
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rng = random.Random(20240601)
    lines = osv_vectors()
    lines += v2_vectors(rng, n)
    lines += v3_vectors(rng, n, 0)
    lines += v3_vectors(rng, n, 1)
    lines += v4_vectors(rng, n)
    lines += MALFORMED
    sys.stdout.write("".join(line + "\n" for line in lines))


if __name__ == "__main__":
    main()
