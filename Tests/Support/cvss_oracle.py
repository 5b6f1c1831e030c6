#!/usr/bin/env python3
"""CVSS oracle: scores vectors with Red Hat's `cvss` library (pip install cvss).

Reads vectors on stdin, one a line, and prints for each, in order, one line:
  vector<TAB>score<TAB>SEVERITY    (base score; for v4 the CVSS-B/BT/BE/BTE score)
  vector<TAB>ERR                   when the library rejects the vector
where vector is the input line as read (without its line break).

The vector is normalised as CVSS.score does: surrounding whitespace trimmed, one pair of
enclosing parentheses removed, and a "CVSS:2.0/" prefix dropped for the v2 class (which takes
bare "AV:N/AC:L/..." vectors only). Severity: v3/v4 the library's (the specification's scale);
v2 NVD's v2 scale (< 4 LOW, < 7 MEDIUM, else HIGH).
"""

import sys

try:
    from cvss import CVSS2, CVSS3, CVSS4
except ImportError:
    sys.exit("cvss_oracle.py: the Python package 'cvss' is missing: python3 -m pip install cvss")


def score(vector):
    text = vector.strip()
    if text.startswith("(") and text.endswith(")") and len(text) >= 2:
        text = text[1:-1]
    if text.startswith("CVSS:4.0/"):
        result = CVSS4(text)
        return float(result.base_score), result.severities()[0].upper()
    if text.startswith("CVSS:3."):
        result = CVSS3(text)
        return float(result.base_score), result.severities()[0].upper()
    if text.startswith("CVSS:2.0/"):
        text = text[len("CVSS:2.0/"):]
    elif text.startswith("CVSS:"):
        raise ValueError("unsupported version")
    if text == "":
        raise ValueError("empty")
    base = float(CVSS2(text).base_score)
    return base, "LOW" if base < 4 else "MEDIUM" if base < 7 else "HIGH"


def main():
    out = []
    for line in sys.stdin:
        vector = line.rstrip("\r\n")
        try:
            base, severity = score(vector)
        except Exception:  # the library raises its own errors, and KeyError/ValueError on odd input
            out.append(f"{vector}\tERR\n")
        else:
            out.append(f"{vector}\t{base}\t{severity}\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
