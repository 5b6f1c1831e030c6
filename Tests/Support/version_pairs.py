#!/usr/bin/env python3
"""Prints version pairs to check a scheme against its oracle (version_oracle.py).

    python3 version_pairs.py SCHEME [N]     (N pairs, default 3000; TSV "a<TAB>b" lines)

Real versions harvested from the shared fixtures (../shared/fixtures from the project root: the
expected inventories, the Debian security tracker lists, Alpine's secdb, the OSV PyPI and Go
exports), paired with each other and with variants made by a seeded RNG (deterministic output):
tildes and carets, epochs, pre/post/dev releases, long numbers, leading zeros, letters and case,
mixed and doubled separators, white space, and hand-picked edge cases that trip naive
implementations. Valid and invalid versions are mixed on purpose: where the oracle rejects a
version, Palisade must throw.

Never generated, for every scheme: the empty string (dpkg reads it as "no version", Gem::Version
as "0", apk-tools and ComparableVersion accept it; Palisade throws on it everywhere), tabs and
newlines (the TSV format). Scheme-specific exclusions, where the oracle is not the real tool or
the real tool has a documented limit Palisade does not copy, are listed at each generator.
"""

import io
import json
import os
import random
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(ROOT, "..", "shared", "fixtures")


# --- harvesting ------------------------------------------------------------------------------------

def inventory(kind):
    out = []
    d = os.path.join(FIXTURES, "images", "expected")
    for name in sorted(os.listdir(d)):
        if name.endswith(".inventory.tsv"):
            with open(os.path.join(d, name), encoding="utf-8") as f:
                for line in f:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) == 3 and parts[0] == kind:
                        out.append(parts[2])
    return out


def debian_tracker():
    out = []
    rx = re.compile(r"^\t\[[^\]]+\] - \S+ (\S+)")
    for name in ("DSA-list", "DLA-list"):
        with open(os.path.join(FIXTURES, "advisories", "debian-tracker-2023-04", name), encoding="utf-8") as f:
            for line in f:
                m = rx.match(line)
                if m and not m.group(1).startswith("<"):
                    out.append(m.group(1))
    return out


def alpine_secdb():
    out = []
    rx = re.compile(r"^\s+['\"]?([^'\"\s:]+)['\"]?:\s*$")
    base = os.path.join(FIXTURES, "advisories", "alpine-secdb-2020")
    for rel in sorted(os.listdir(base)):
        for name in sorted(os.listdir(os.path.join(base, rel))):
            if not name.endswith(".yaml"):
                continue
            in_fixes = False
            with open(os.path.join(base, rel, name), encoding="utf-8") as f:
                for line in f:
                    if line.strip() == "secfixes:":
                        in_fixes = True
                        continue
                    if in_fixes:
                        m = rx.match(line)
                        if m and line.startswith("        ") and not line.startswith("         "):
                            out.append(m.group(1))
                        elif line.strip().startswith("- pkg:"):
                            in_fixes = False
    return out


def osv(ecosystem):
    out = []
    with zipfile.ZipFile(os.path.join(FIXTURES, "advisories", "osv", ecosystem, "all.zip")) as z:
        for name in sorted(z.namelist()):
            doc = json.loads(z.read(name))
            for affected in doc.get("affected", []):
                out.extend(affected.get("versions", []))
                for r in affected.get("ranges", []):
                    if r.get("type") == "GIT":
                        continue
                    for event in r.get("events", []):
                        out.extend(v for k, v in event.items() if k in ("introduced", "fixed", "last_affected"))
    return out


def uniq(seq):
    seen = set()
    out = []
    for x in seq:
        if x not in seen and x != "" and "\t" not in x and "\n" not in x and "\r" not in x:
            seen.add(x)
            out.append(x)
    return out


# --- generic mutation helpers ----------------------------------------------------------------------

def rand_num(rng):
    r = rng.random()
    if r < 0.5:
        return str(rng.randint(0, 9))
    if r < 0.8:
        return str(rng.randint(10, 999))
    if r < 0.9:
        return "0" + str(rng.randint(0, 99))  # leading zero
    if r < 0.97:
        return str(rng.randint(10 ** 5, 10 ** 9))
    return str(rng.randint(10 ** 17, 10 ** 26))  # longer than a machine word


def bump_digit(rng, v):
    idx = [i for i, c in enumerate(v) if c.isdigit()]
    if not idx:
        return v + str(rng.randint(0, 9))
    i = rng.choice(idx)
    return v[:i] + str((int(v[i]) + rng.choice([1, 9])) % 10) + v[i + 1:]


def insert_at(rng, v, piece):
    i = rng.randint(0, len(v))
    return v[:i] + piece + v[i:]


def swap_case(rng, v):
    idx = [i for i, c in enumerate(v) if c.isalpha()]
    if not idx:
        return v
    i = rng.choice(idx)
    return v[:i] + v[i].swapcase() + v[i + 1:]


def make_pairs(rng, pool, mutate, n, edges=(), keep=lambda a, b: True):
    """Near pairs (a version and its mutation), random pairs, equal pairs and edge pairs."""
    pool = uniq(pool)
    edges = uniq(edges)
    pairs = []
    seen = set()

    def add(a, b):
        if a == "" or b == "" or (a, b) in seen:
            return
        for s in (a, b):
            if "\t" in s or "\n" in s or "\r" in s:
                return
        if not keep(a, b):
            return
        seen.add((a, b))
        pairs.append((a, b))

    # Every edge case against a few others and itself.
    for e in edges:
        add(e, e)
        add(e, rng.choice(edges))
        add(rng.choice(pool), e)
    attempts = 0
    while len(pairs) < n and attempts < n * 20:
        attempts += 1
        r = rng.random()
        a = rng.choice(pool)
        if r < 0.45:
            b = mutate(rng, a)
            if rng.random() < 0.3:
                b = mutate(rng, b)
            if rng.random() < 0.5:
                a, b = b, a
            add(a, b)
        elif r < 0.80:
            add(a, rng.choice(pool))
        elif r < 0.85:
            add(a, a)
        else:
            add(mutate(rng, a), mutate(rng, rng.choice(pool)))
    return pairs[:n] if len(pairs) > n else pairs


# --- dpkg ------------------------------------------------------------------------------------------

DPKG_EDGES = [
    "1.0", "1.0~rc1", "1.0~~", "1.0~", "1.0~~a", "1.0-1", "1.0-1~bpo11+1", "1.0-0", "1:1.0", "0:1.0", "00:1.0",
    "+1:1.0", "-0:1.0", "-1:1.0", "2147483647:1", "2147483648:1", "99999999999999999999:1", "1:", ":1.0", "a:1.0",
    "1.0-", "-1", "1:-1", "1:1:1", "1:1.0:1-1", "1.0-1-1", "1.0--1", "abc", "a1", "~1", "1.0@x", "1.0_1",
    "1.0 ", " 1.0", "1 0", "1.0a", "1.0A", "1.0+", "1.0.", "1..0", "1.00", "1.000001", "1.0+dfsg-1",
    "2:1.20.11-1+deb11u6", "1.2.3ubuntu0.22.04.1", "1.2.3-0ubuntu1~22.04", "12345678901234567890.1",
    "12345678901234567890.2", "1.0ä", "1.0é", "1.0z", "1.0~z", "1.0-1+b1", "1.0-1ubuntu1", "7.74.0-1.3+deb11u7",
    "1:2.38.1-5+deb12u3", "0.0", "0", "00", "1.0-a", "1.0-~", "1.0-+", "1.0-.", "1.0:", "1:1.0-", "\u00a01.0",
]


def mutate_dpkg(rng, v):
    ops = [
        lambda v: v + "~" + rng.choice(["rc1", "beta", "", "~", "bpo11+1", "deb12u1", "1"]),
        lambda v: v + "+" + rng.choice(["b1", "deb12u1", "dfsg", "really1.0", "1"]),
        lambda v: v + "-" + rng.choice(["1", "0", "1ubuntu1", "2+b1", "0.1", ""]),
        lambda v: rng.choice(["1:", "0:", "2:", "10:", "", "a:", ":"]) + v.split(":", 1)[-1],
        lambda v: bump_digit(rng, v),
        lambda v: insert_at(rng, v, rng.choice([".", "+", "~", "-", "a", "Z", "0", "00", rand_num(rng)])),
        lambda v: swap_case(rng, v),
        lambda v: v.replace(".", rng.choice(["+", "~", "..", "."]), 1),
        lambda v: v + rng.choice(["a", "z", ".0", ".00", "0", "ubuntu0.1"]),
        lambda v: rng.choice([" ", ""]) + v + rng.choice([" ", ""]),
    ]
    return rng.choice(ops)(v)


def pairs_dpkg(rng, n):
    real = inventory("deb") + debian_tracker()
    rng.shuffle(real)
    return make_pairs(rng, real[:3000] + DPKG_EDGES, mutate_dpkg, n, DPKG_EDGES)


# --- pep440 ----------------------------------------------------------------------------------------

PEP440_EDGES = [
    "1.0", "1.0.0", "1", "1.0.0.0.0", "v1.0", "V1.0", "1!1.0", "0!1.0", "1.0a1", "1.0A1", "1.0alpha1", "1.0.alpha.1",
    "1.0-alpha-1", "1.0_alpha_1", "1.0a", "1.0b2", "1.0beta2", "1.0c3", "1.0rc3", "1.0pre3", "1.0preview3",
    "1.0.post1", "1.0post1", "1.0-1", "1.0-post1", "1.0.rev1", "1.0r1", "1.0.post", "1.0.dev1", "1.0dev", "1.0-dev",
    "1.0a1.dev1", "1.0a1.post1.dev1", "1.0.post1.dev1", "1.0+local", "1.0+local.1", "1.0+1", "1.0+abc.1.def",
    "1.0+ABC", "1.0+a-b_c", "1.0+", "1.0+.a", "1.0+a..b", " 1.0 ", "\t1.0", "1.0\u00a0", "1.0-foo", "1.0.", "1..0",
    ".1", "1.0-", "1.0a.", "1.0.post.", "1.0.post-dev", "1.0a-1", "1.0a--1", "1.0.a", "1.0ab", "1.0prev", "01.02",
    "1.0.00", "1.0.post01", "9999999999999999999999.1", "9999999999999999999998.1", "1.0rc1+local", "1.0.dev0+x",
    "2019.02.21", "0.0.0", "0", "1.0.0-1.1", "1.0c", "1.0.pre", "1.0.0a0", "1.0.0.dev", "1.0DEV1", "1.0-POST-1",
    "1.0.post1+x", "a1.0", "1.0 a", "1,0", "1!", "!1.0", "1!1!1.0", "1.0.dev1.dev2", "1.0a1b2",
]


def mutate_pep440(rng, v):
    ops = [
        lambda v: v + rng.choice(["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "A", "RC"]) + rng.choice(["", "0", "1", "12"]),
        lambda v: v + rng.choice([".post", "-post", "post", ".rev", "r", "-"]) + rng.choice(["", "1", "0", "007"]),
        lambda v: v + rng.choice([".dev", "dev", "-dev", "_dev", ".DEV"]) + rng.choice(["", "0", "3"]),
        lambda v: v + "+" + rng.choice(["local", "1", "abc.2", "ubuntu-1", "A_b", "1.a", "", "x..y"]),
        lambda v: rng.choice(["v", "1!", "0!", "V", "2!"]) + v,
        lambda v: v + rng.choice([".0", ".0.0", ".00", ".1", ".", "-foo", "x"]),
        lambda v: bump_digit(rng, v),
        lambda v: swap_case(rng, v),
        lambda v: v.replace(".", rng.choice(["-", "_", ".", ".."]), 1),
        lambda v: rng.choice([" ", "", "\u3000"]) + v + rng.choice([" ", "", "\u2003"]),
        lambda v: insert_at(rng, v, rng.choice([".", "-", "_", "a", rand_num(rng)])),
    ]
    return rng.choice(ops)(v)


def pairs_pep440(rng, n):
    real = uniq(osv("PyPI") + inventory("pypi"))
    rng.shuffle(real)
    return make_pairs(rng, real[:4000] + PEP440_EDGES, mutate_pep440, n, PEP440_EDGES)


# --- semver (npm, crates.io) -----------------------------------------------------------------------
# Not generated (node-semver limits Palisade does not copy): white space (node-semver trims it;
# SemVer 2 and Cargo reject it), strings over 256 characters (node-semver's MAX_LENGTH), numbers of
# 2^53 and more (node-semver rejects such components and compares such pre-release numbers as
# doubles; Palisade compares every number exactly).

SEMVER_EDGES = [
    "1.0.0", "v1.0.0", "V1.0.0", "=1.0.0", "1.0", "1", "1.0.0.0", "01.0.0", "1.00.0", "1.0.00", "1.0.0-0",
    "1.0.0-00", "1.0.0-01", "1.0.0-0a", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
    "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-Alpha", "1.0.0-alpha-1", "1.0.0--", "1.0.0---1",
    "1.0.0-", "1.0.0-.", "1.0.0-a..b", "1.0.0-a.", "1.0.0+", "1.0.0+build", "1.0.0+build.1", "1.0.0+001",
    "1.0.0-rc.1+build.1", "1.0.0+build.-", "1.0.0+a..b", "1.0.0-x.7.z.92", "1.0.0-1.2.3", "1.0.0-1.10",
    "1.0.0-1.9", "1.0.0-9007199254740991", "9007199254740991.0.0", "1.0.0-a_b", "1.0.0-ä", "1.0.0+ä",
    "vv1.0.0", "v1", "1.2.3-pre+meta", "0.0.0", "0.0.0-0", "1.2.3beta", "1.2.3.beta", "1.2.3 -beta",
]


def mutate_semver(rng, v):
    ops = [
        lambda v: v + "-" + ".".join(rng.choice(["alpha", "beta", "rc", "0", "1", "10", "2", "x-y", "01", "0a", "-", "A", ""])
                                     for _ in range(rng.randint(1, 3))),
        lambda v: v + "+" + ".".join(rng.choice(["build", "001", "sha", "x-y", "", "1"]) for _ in range(rng.randint(1, 2))),
        lambda v: ("v" + v) if not v.startswith("v") else v[1:],
        lambda v: bump_digit(rng, v),
        lambda v: swap_case(rng, v),
        lambda v: insert_at(rng, v, rng.choice([".", "-", "+", "0", "a"])),
        lambda v: v + rng.choice([".0", ".1", ""]),
    ]
    return rng.choice(ops)(v)


def semver_ok(s):
    if s != s.strip() or len(s) > 256 or any(c.isspace() for c in s):
        return False
    return all(int(d) < 2 ** 53 for d in re.findall(r"[0-9]+", s))


def pairs_semver(rng, n):
    real = [v[1:] if v.startswith("v") else v for v in osv("Go")] + inventory("npm")
    real = uniq(real)
    rng.shuffle(real)
    return make_pairs(rng, real[:3000] + SEMVER_EDGES, mutate_semver, n, SEMVER_EDGES,
                      keep=lambda a, b: semver_ok(a) and semver_ok(b))


# --- go --------------------------------------------------------------------------------------------
# Same exclusions as semver (the oracle is node-semver).

GO_EDGES = [
    "v1.0.0", "1.0.0", "v1", "v1.2", "1", "1.2", "v01.0.0", "v1.02.0", "vv1.0.0", "V1.0.0", "v1.0.0+incompatible",
    "v2.0.0+incompatible", "v1.0.0+dirty", "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20191109021931-daa7c04131f6",
    "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre", "v1.2.3",
    "v1.2.4", "1.21.0", "1.21.0-rc.1", "1.22.0-rc.1", "1.21rc1", "v1.2.3-", "v1.2.3+", "v1.2-pre", "v1+meta",
    "v0.13.1+dirty", "v28.0.4+incompatible", "v1.1.2-0.20230830170046-f4cf4c6de017", "1.10.12-lts", "1.9.0-rc1",
]


def mutate_go(rng, v):
    ops = [
        lambda v: v + rng.choice(["+incompatible", "+dirty", "-rc.1", "-0.20200101000000-abcdefabcdef", "-pre", "-beta.2"]),
        lambda v: ("v" + v) if not v.startswith("v") else v[1:],
        lambda v: bump_digit(rng, v),
        lambda v: re.sub(r"^(v?[0-9]+)\.[0-9]+\.[0-9]+$", r"\1", v) if rng.random() < 0.5 else re.sub(r"\.[0-9]+$", "", v),
        lambda v: insert_at(rng, v, rng.choice([".", "-", "+", "0", "a"])),
        lambda v: mutate_semver(rng, v),
    ]
    return rng.choice(ops)(v)


def pairs_go(rng, n):
    real = osv("Go") + ["v" + v for v in osv("Go")[:2000]] + inventory("golang")
    real = uniq(real)
    rng.shuffle(real)
    return make_pairs(rng, real[:4000] + GO_EDGES, mutate_go, n, GO_EDGES,
                      keep=lambda a, b: semver_ok(a) and semver_ok(b))


# --- rpm -------------------------------------------------------------------------------------------

RPM_EDGES = [
    "1.0", "1.0-1", "0:1.0-1", "1:1.0-1", "00:1.0-1", ":1.0-1", "a:1.0-1", "1.0-1.el9", "1.0-1.el9_2",
    "1.0-1.el9_2.1", "2:8.2.2637-20.el9_1", "1.0~rc1-1", "1.0~~-1", "1.0~-1", "1.0^20200101git-1", "1.0^-1",
    "1.0^^-1", "1.0^~-1", "1.0~^-1", "1.0a-1", "1.0.a-1", "1.0_1-1", "1.0+1-1", "1.0%{dist}-1", "1.0-", "-1",
    "1.0-1-1", "1..0-1", "1.0-1..1", "1.0:1-1", "1.0 -1", "1.0-0", "1.0-~1", "1.0-^1", "1.0-.", "1.0.-1",
    "1.0-1.fc38", "1.0-1.fc38.1", "1.00-1", "1.000000000000000000001-1", "1.000000000000000000002-1",
    "1.0-1.el8", "1.0-1.el10", "1.0-1.module+el8.1.0+4066+0f1aadab", "5.4.17-2136.el8uek", "1.0ä-1",
    "0.0", "0", "1", "1.0.0", "1.0a", "1.0A", "1.a", "1.a1", "a", "A", "~", "^", "1.0-a", "1.0-A",
]


def mutate_rpm(rng, v):
    ops = [
        lambda v: v + rng.choice(["~rc1", "~", "~~", "^git1", "^", "^20200101", ".el9", ".el9_2", "_1", "+git", "a", "Z"]),
        lambda v: rng.choice(["0:", "1:", "2:", "", ":", "10:"]) + v.split(":", 1)[-1],
        lambda v: v + "-" + rng.choice(["1", "0", "1.el9", "2.fc38", "", "1~", "1^", "a"]),
        lambda v: bump_digit(rng, v),
        lambda v: insert_at(rng, v, rng.choice([".", "_", "+", "~", "^", "a", "-", "0", rand_num(rng)])),
        lambda v: swap_case(rng, v),
        lambda v: v.replace(".", rng.choice(["_", "+", "..", ".", "~", "^"]), 1),
    ]
    return rng.choice(ops)(v)


def pairs_rpm(rng, n):
    # Debian versions are rpm-shaped strings (with "~", "+", epochs); many are invalid rpm versions
    # (a "-" inside the version part), which the oracle rejects too.
    real = inventory("deb") + debian_tracker()
    real = uniq(real)
    rng.shuffle(real)
    return make_pairs(rng, real[:2000] + RPM_EDGES, mutate_rpm, n, RPM_EDGES)


# --- maven -----------------------------------------------------------------------------------------
# Not generated: Greek capital sigma (Java lower-cases it to final sigma at the end of a word by its
# own word-boundary rules, which Palisade approximates).

MAVEN_QUALIFIERS = ["alpha", "a", "beta", "b", "milestone", "m", "rc", "cr", "snapshot", "SNAPSHOT", "ga", "GA",
                    "final", "Final", "release", "RELEASE", "sp", "SP", "foo", "jre", "android", "M", "RC", "CR",
                    "", "abc", "zz", "é", "İ", "ü", "日本", "x-y", "_", "+", "1", "0", "00"]

MAVEN_EDGES = [
    "1", "1.0", "1.0.0", "1-0", "1.0-0", "1-1", "1.0-1", "1.0.0-1", "1-SNAPSHOT", "1.0-SNAPSHOT", "1.0.SNAPSHOT",
    "1-alpha", "1-alpha1", "1-a1", "1-a", "1a1", "1.a1", "1-b1", "1-m1", "1-rc1", "1-cr1", "1-RC1", "1-CR1", "1-ga",
    "1-final", "1-release", "1-GA", "1-sp", "1-sp1", "1-foo", "1-abc", "1.1", "1-1-1", "1.0.0.0.0.0", "1..1",
    "1--1", "1.-1", "1-.1", ".1", "-1", "1.", "1-", ".", "-", "..", "--", "a", "A", "1.0a", "1.0-a", "1.0.a",
    "1.0A1", "1.0.0.X1", "1.0.0-X2", "1.0.0.RC1", "1.0.0-RC2", "0", "00", "000", "0000000000", "00000000000000000000",
    "1.0000000000000000000000.5", "1.3.5", "123456789", "1234567890", "123456789012345678", "1234567890123456789",
    "12345678901234567890123", "12345678901234567890124", "2147483648", "9223372036854775807",
    "9223372036854775808", "1.٣", "1.3", "1.١٢", "1.12", "1.１", "1.Ⅻ", "1-İ", "1-i̇", "1-é", "1-É", "1-日本",
    "1.0.0+build", "1.0+1", "1_0", "1.0~1", "2.0.0.Final", "2.0.0.GA", "2.0.0", "2.0.0.M1", "2.0.0.CR1",
    "2.14.0", "2.19.0", "2.17.1", "2.15.0-rc1", "1.2.3-beta-1", "1.2.3-beta.1", "1.2.3-beta1", "1.2.3beta1",
    " 1", "1 ", "1 0", "1.0-jre", "1.0-android", "31.1-jre", "31.1-android",
]


def maven_random(rng):
    parts = []
    for _ in range(rng.randint(1, 5)):
        r = rng.random()
        parts.append(rand_num(rng) if r < 0.6 else rng.choice(MAVEN_QUALIFIERS))
        parts.append(rng.choice([".", ".", "-", "", "-", "."]))
    return "".join(parts).rstrip() or "1"


def mutate_maven(rng, v):
    ops = [
        lambda v: v + rng.choice(["-", ".", ""]) + rng.choice(MAVEN_QUALIFIERS) + rng.choice(["", "1", "2", ".1", "-1"]),
        lambda v: v + rng.choice([".0", "-0", ".0.0", "-0.0", "0", ".", "-", "-ga", ".final", "-sp1"]),
        lambda v: bump_digit(rng, v),
        lambda v: swap_case(rng, v),
        lambda v: v.replace(".", rng.choice(["-", "..", "", "_"]), 1),
        lambda v: insert_at(rng, v, rng.choice([".", "-", "0", "a", "00000000000", rand_num(rng)])),
        lambda v: maven_random(rng),
    ]
    return rng.choice(ops)(v)


def pairs_maven(rng, n):
    # Every non-empty string is a Maven version: real versions of every ecosystem are fair game.
    real = inventory("maven") + osv("Go")[:800] + osv("PyPI")[:1200] + debian_tracker()[:600]
    real = uniq(real)
    rng.shuffle(real)
    return make_pairs(rng, real + [maven_random(rng) for _ in range(800)] + MAVEN_EDGES, mutate_maven, n,
                      MAVEN_EDGES, keep=lambda a, b: "Σ" not in a + b)


# --- apk -------------------------------------------------------------------------------------------
# The oracle is univers' AlpineLinuxVersion (Gentoo's algorithm from pkgcore), not apk-tools. Not
# generated, because univers implements them unlike apk-tools (src/version.c), which Palisade follows:
#   - the _cvs, _svn, _git, _hg suffixes and ~commit hashes (apk-tools: valid; univers: invalid);
#   - upper-case letters (apk-tools: invalid; univers: valid);
#   - numeric components with a leading zero and more digits, "1.01", "1.00", "01.1" (apk-tools
#     compares them as strings, univers as strings without trailing zeros and rejects a leading
#     "0" in the first one) -- a lone "0" is fine;
#   - text after a revision, "1.0-r1.1", "1.0-r1_p1" (apk-tools: invalid; univers ignores it);
#   - a version with -r0 against the same version without a revision (apk-tools: "1.0" < "1.0-r0";
#     univers: equal), so no pair has exactly one side with a revision when either side has -r0;
#   - a suffix without a number followed by another suffix, "1.0_alpha_p1" (apk-tools compares
#     token types there, so 1.0_alpha_p1 < 1.0_alpha1; univers reads the missing number as 0);
#   - a suffix number of value 0, "1.0_p0" (apk-tools: 1.0_p < 1.0_p0; univers: equal);
#   - white space (univers removes it).

APK_EDGES = [
    "1.0", "1.0-r0", "1.0-r1", "1.0-r10", "1.0_alpha", "1.0_alpha1", "1.0_beta", "1.0_beta2", "1.0_pre1", "1.0_rc1",
    "1.0_p1", "1.0_p", "1.0_p0", "1.0a", "1.0b", "1.0z", "1.0.1", "1.0.0", "1", "1.1", "1.10", "1.9", "2.8.4-r0",
    "1.0_alpha_p1", "1.0_rc1_p2", "1.0a_p1", "1.0_p1-r1", "1.0_rc1-r1", "1.0-r", "1.0-", "1.0_", "1.0_foo",
    "1.0__alpha", "1.0_alphabeta", "1.0ab", "1.0a.1", "1..0", "1.0.", ".1", "_p1", "-r1", "1.0-r1-r2",
    "1.0_p1_p2", "1.0_alpha_alpha", "20191114", "0", "0.0", "123456789012", "123456789013", "1.0-R1", "1.2a3",
    "1.0_px", "1.0_prex", "a1", "1.0-x", "1.0a_1", "1.0-rc1", "1.0+1", "1,0", "1.0_P1", "1.0_rc1a", "1.0_r",
    "99999999999999999999.1", "99999999999999999998.1", "1.0-r99999999999999999999",
]


def apk_ok(v):
    if re.search(r"_(cvs|svn|git|hg)|~|[A-Z]|\s|_[a-z]+_|_[a-z]+0+(?![0-9])", v):
        return False
    head = re.split(r"[_-]", v, 1)[0]
    for comp in head.split("."):
        comp = re.sub(r"[a-z]+$", "", comp)
        if len(comp) > 1 and comp.startswith("0"):
            return False
    last = None
    for last in re.finditer(r"-r[0-9]+", v):
        pass
    if last is not None and last.end() != len(v):
        return False
    return True


def apk_pair_ok(a, b):
    if not (apk_ok(a) and apk_ok(b)):
        return False
    ra, rb = re.search(r"-r[0-9]+$", a), re.search(r"-r[0-9]+$", b)
    if (ra is None) != (rb is None) and ("-r0" in a or "-r0" in b):
        return False
    return True


def mutate_apk(rng, v):
    base, _, rev = v.partition("-r")
    ops = [
        lambda: base + rng.choice(["_alpha", "_beta", "_pre", "_rc", "_p"]) + rng.choice(["", "0", "1", "2", "10"]) + ("-r" + rev if rev else ""),
        lambda: base + "-r" + str(rng.choice([0, 1, 2, 10, 100])),
        lambda: base,
        lambda: bump_digit(rng, v),
        lambda: base + rng.choice(["a", "b", "z", ".0", ".1", ".10"]) + ("-r" + rev if rev else ""),
        lambda: insert_at(rng, v, rng.choice([".", "_", "-", "0", "1", "a", "_p1"])),
        lambda: str(rng.randint(0, 30)) + "." + str(rng.randint(0, 30)) + rng.choice(["", ".1", "a", "_rc1", "_p2"]) + rng.choice(["", "-r0", "-r1", "-r3"]),
    ]
    return rng.choice(ops)()


def pairs_apk(rng, n):
    real = uniq(alpine_secdb())
    rng.shuffle(real)
    return make_pairs(rng, real + APK_EDGES, mutate_apk, n, APK_EDGES, keep=apk_pair_ok)


# --- rubygems --------------------------------------------------------------------------------------
# Not generated: white space alone (Gem::Version reads it as "0"; Palisade throws).

RUBYGEMS_EDGES = [
    "1", "1.0", "1.0.0", "1.0.0.0", "0", "0.0", "1.0.a", "1.0.A", "1.0.b", "1.0a", "1.0.a1", "1.0.a.1", "1.0.pre",
    "1.0-pre", "1.0-1", "1.0-a", "1.0--", "1.0-", "1.0-a-b", "1.0-a.b", "1.0-.a", "1.0.0.rc1", "1.0.0.RC1",
    "1.0.rc1", "1.0.0.pre.1", "1.a", "1.a.0", "1.a.0.0", "1.0.a.0", "a", "a1", ".1", "1.", "1..0", "1.0.",
    "1.0+1", "1.0_1", "1,0", " 1.0", "1.0 ", " 1.0 ", "\t1.0", "1.0\n", "1 0", "01.02", "1.01", "1.001",
    "123456789012345678901234567890", "123456789012345678901234567891", "1.0.Z", "1.0.z", "1.0.aa", "1.0.ab",
    "2.2.0.beta", "2.2.0.beta.1", "2.2.0", "3.0.0.pre1", "1-1", "1-0", "1.0-0",
]


def mutate_rubygems(rng, v):
    ops = [
        lambda v: v + rng.choice([".a", ".b", ".pre", ".rc1", "a", ".beta.1", "-1", "-pre", ".0", ".0.0", "-", ".A", "-a.b"]),
        lambda v: bump_digit(rng, v),
        lambda v: swap_case(rng, v),
        lambda v: insert_at(rng, v, rng.choice([".", "-", "a", "0", rand_num(rng), " "])),
        lambda v: v.replace(".", rng.choice(["-", "..", ".", ""]), 1),
        lambda v: rng.choice([" ", ""]) + v + rng.choice([" ", "", "\v"]),
    ]
    return rng.choice(ops)(v)


def pairs_rubygems(rng, n):
    real = osv("PyPI")[:2500] + debian_tracker()[:300]
    real = uniq(real)
    rng.shuffle(real)
    return make_pairs(rng, real + RUBYGEMS_EDGES, mutate_rubygems, n, RUBYGEMS_EDGES,
                      keep=lambda a, b: a.strip() != "" and b.strip() != "")


# --- nuget -----------------------------------------------------------------------------------------
# The oracle is univers' NugetVersion (OSV's NuGet code over python-semver), not NuGet.Versioning.
# Not generated, because univers reads them unlike NuGet.Versioning, which Palisade follows:
#   - a leading "v" (NuGet: invalid; univers strips it);
#   - numeric labels with a sign or beyond Int32, "-1", "2147483648" (NuGet compares them with
#     int.TryParse, so "-1" is a number and "2147483648" text; univers: text and number);
#   - empty numeric parts, "1..2", "1." (NuGet 6 reads them as 0, univers and Palisade reject them);
#   - numeric parts beyond Int32 (NuGet wraps them; univers and Palisade do not);
#   - non-ASCII text and inner white space (python-semver's \d and univers' space handling).

NUGET_EDGES = [
    "1", "1.0", "1.0.0", "1.0.0.0", "1.0.0.1", "1.0.0.0.0", "01.02.03", "1.02", "1.0.0-beta", "1.0.0-Beta",
    "1.0.0-BETA", "1.0.0-beta.1", "1.0.0-beta.01", "1.0.0-beta.0", "1.0.0-beta.10", "1.0.0-beta.9", "1.0.0-rc.1",
    "1.0.0-alpha", "1.0.0-alpha-1", "1.0.0-1", "1.0.0-01", "1.0.0-0", "1.0.0-a.b.c", "1.0.0+meta", "1.0.0+01",
    "1.0.0-beta+meta", "1.0.0+meta.data", "1.0.0-", "1.0.0+", "1.0.0-+x", "1.0.0-beta.", "1.0.0-.beta",
    "1.0.0-beta_1", "1.0.0.1-beta", "1.0.0.0-beta", "1.0-beta", "1-beta", " 1.0.0 ", "1.0.0 ", "a", "1.a", "-1",
    "1.0.0-beta+", "1.0.0+a+b", "2147483647.0.0", "1.2147483647.0", "1.0.0-2147483647", "1.0.0-x-y",
]


def mutate_nuget(rng, v):
    ops = [
        lambda v: v + "-" + ".".join(rng.choice(["beta", "Beta", "RC", "rc", "1", "10", "2", "0", "x-y", "01", ""])
                                     for _ in range(rng.randint(1, 3))),
        lambda v: v + "+" + rng.choice(["meta", "01", "a.b", "", "x-y"]),
        lambda v: v + rng.choice([".0", ".1", ".0.0", ".0.0.0"]),
        lambda v: bump_digit(rng, v),
        lambda v: swap_case(rng, v),
        lambda v: insert_at(rng, v, rng.choice([".", "-", "+", "0", "a"])),
        lambda v: rng.choice([" ", ""]) + v + rng.choice([" ", ""]),
    ]
    return rng.choice(ops)(v)


def nuget_ok(s):
    t = s.strip()
    if t.startswith("v") or t.startswith("V") or not t.isascii() or any(c.isspace() for c in t):
        return False
    if ".." in t.split("-")[0].split("+")[0] or t.split("-")[0].split("+")[0].endswith("."):
        return False
    if t.startswith("."):
        return False
    head = re.split(r"[-+]", t, 1)[0]
    if any(len(d) > 9 and int(d) > 2 ** 31 - 1 for d in re.findall(r"[0-9]+", head)):
        return False
    m = re.match(r"^[^-+]*-([^+]*)", t)
    if m:
        for label in m.group(1).split("."):
            if re.fullmatch(r"-[0-9]+", label) or (re.fullmatch(r"[0-9]+", label) and int(label) > 2 ** 31 - 1):
                return False
    return True


def pairs_nuget(rng, n):
    real = [v[1:] if v.startswith("v") else v for v in osv("Go")]
    real = uniq(real)
    rng.shuffle(real)
    return make_pairs(rng, real[:3000] + NUGET_EDGES, mutate_nuget, n, NUGET_EDGES,
                      keep=lambda a, b: nuget_ok(a) and nuget_ok(b))


# --- composer --------------------------------------------------------------------------------------

COMPOSER_EDGES = [
    "1.0", "1.0.0", "1.0.0.0", "1.0.0.0.0", "v1.0.0", "V1.0.0", "1", "12345", "123456", "1.2.3-beta1", "1.2.3-beta.1",
    "1.2.3-beta-1", "1.2.3beta1", "1.2.3-b1", "1.2.3-BETA1", "1.2.3-alpha", "1.2.3-a2", "1.2.3-RC1", "1.2.3-rc1",
    "1.2.3-RC", "1.2.3-p1", "1.2.3-pl1", "1.2.3-patch1", "1.2.3-patch", "1.2.3-stable", "1.2.3-STABLE",
    "1.2.3-stable-dev", "1.2.3-dev", "1.2.3.dev", "1.2.3dev", "1.2.3-beta1-dev", "1.2.3-beta1.2", "1.2.3-beta1-2",
    "1.x-dev", "1.2.x-dev", "1.*-dev", "1.X-dev", "v1.x-dev", "1.2.x", "dev-master", "dev-main", "dev-trunk",
    "dev-default", "master", "trunk", "default", "main", "DEV-master", "dev-feature/foo", "dev-", "dev-1.0",
    "1.0@dev", "1.0@stable", "1.0@RC", "1.0@beta", "1.0 as 2.0", "1.0  as  2.0", "dev-master as 1.0", "1.0+build",
    "1.0+build.1", "1.0+", "1.0-beta+build", "20100102", "2010-01-02", "2010.01.02", "2010-01-02-10:20:30",
    "2010-01-02.5", "2010.01.02.5", "201001021234", "20100102-beta", "20100102.1-dev", "2010-01", "1.0-dev-dev",
    "1.0.0-", "1.0-5", "1.0.0-alpha.beta", "1.0.0-rc.1", "1.0.0-RC.1", "1.0.0.RC.1", "foo", "1.0foo", "x.y",
    " 1.0 ", "\t1.0", "1.0\x0b", "2.0.0-alpha1", "2.0.0-alpha10", "2.0.0-alpha2", "2.0.0-patch1", "2.0.0",
    "1.0.0-pl", "1.0.0-p", "1.0.0.0-beta2", "9999999-dev", "1.0.0-dev", "1.0-RC1-dev", "1.0.0.0-dev",
    "99999.0", "100000.0", "0.0.0", "0", "1.0.0-alpha.1.2", "1.0.0-alpha1.2", "1.0.0-beta.1-dev",
]


def mutate_composer(rng, v):
    ops = [
        lambda v: v + rng.choice(["-beta", "-alpha", "-RC", "-rc", "-p", "-pl", "-patch", "-stable", "-b", "-a",
                                  "beta", ".beta", "_beta", "-dev", ".x-dev", "@dev", "@stable", "+build",
                                  " as 9.0", "-BETA"]) + rng.choice(["", "1", "2", ".1", "-1", "10"]),
        lambda v: rng.choice(["v", "V", "dev-", ""]) + v,
        lambda v: v + rng.choice([".0", ".0.0", ".x", ".*", "-dev"]),
        lambda v: bump_digit(rng, v),
        lambda v: swap_case(rng, v),
        lambda v: insert_at(rng, v, rng.choice([".", "-", "_", "0", "a", "dev"])),
        lambda v: rng.choice([" ", ""]) + v + rng.choice([" ", ""]),
    ]
    return rng.choice(ops)(v)


def pairs_composer(rng, n):
    real = osv("Go")[:1500] + osv("PyPI")[:1500] + inventory("pypi")
    real = uniq(real)
    rng.shuffle(real)
    return make_pairs(rng, real + COMPOSER_EDGES, mutate_composer, n, COMPOSER_EDGES)


GENERATORS = {
    "dpkg": pairs_dpkg, "pep440": pairs_pep440, "semver": pairs_semver, "go": pairs_go, "rpm": pairs_rpm,
    "maven": pairs_maven, "apk": pairs_apk, "rubygems": pairs_rubygems, "nuget": pairs_nuget,
    "composer": pairs_composer,
}


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in GENERATORS:
        sys.exit("usage: version_pairs.py {" + ",".join(GENERATORS) + "} [N]")
    scheme = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) == 3 else 3000
    rng = random.Random("palisade-versions-" + scheme)
    pairs = GENERATORS[scheme](rng, n)
    out = io.StringIO()
    for a, b in pairs:
        out.write(f"{a}\t{b}\n")
    sys.stdout.buffer.write(out.getvalue().encode("utf-8"))


if __name__ == "__main__":
    main()
