#!/usr/bin/env python3
"""Generate rpm databases in all three formats for Palisade's RPM cataloger tests.

Usage:  python3 Tests/Support/make_rpmdb.py OUTDIR

Builds two tiny noarch packages with Debian's real `rpmbuild`, installs them (--justdb)
into a scratch root with Debian's real `rpm` (sqlite backend, the only one Debian's
rpm 4.18 can write), then writes:

  OUTDIR/rpmdb.sqlite     the database rpm wrote, VACUUMed to 1 KiB pages so it stays
                          small; still in WAL mode (header bytes 18/19 = 2) as rpm left it.
  OUTDIR/Packages         Berkeley DB hash database, little-endian, 4 KiB pages, made by
                          the real libdb (`db5.3_load`, Debian package db5.3-util) from the
                          header blobs rpm wrote: key = instance number (native order),
                          data = header blob, plus rpm's key-0 record; headers on overflow
                          pages (H_OFFPAGE). Every BDB file is checked with rpm's own
                          read-only `bdb_ro` backend (`rpm -qa`).
  OUTDIR/Packages-8k      the same with 8 KiB pages: headers fit on the hash pages (H_KEYDATA).
  OUTDIR/Packages-be512   the same as a big-endian database with 512-byte pages, so every
                          header spans a chain of overflow pages.
  OUTDIR/Packages.db      NDB, written here byte for byte after rpm's
                          lib/backend/ndb/rpmpkg.c (Debian's rpm has no ndb backend, so
                          this one cannot be checked with rpm).

Needs: rpm, rpmbuild (Debian package `rpm`), db5.3_load (`db5.3-util`). Run as root or
anyone who can write OUTDIR; nothing is written outside OUTDIR and a temporary directory.
"""
import glob
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib

SPECS = {
    "palisade-hello": """Name: palisade-hello
Version: 1.2.3
Release: 4.el9
Epoch: 2
Summary: Palisade test package
License: MIT and (GPLv2+ or Apache-2.0)
Vendor: Palisade Test
BuildArch: noarch

%description
A tiny package for Palisade's rpmdb tests.

%files
""",
    "palisade-other": """Name: palisade-other
Version: 0.9
Release: 1
Summary: Second Palisade test package
License: BSD
BuildArch: noarch

%description
Another tiny package.

%files
""",
}


def run(*args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def rpm_query(dbpath, backend):
    """`rpm -qa` on a database, through the given backend."""
    out = run("rpm", "--dbpath", dbpath, "--define", f"_db_backend {backend}",
              "-qa", "--qf", "%{NAME} %{EPOCH} %{VERSION}-%{RELEASE}\n").stdout
    return sorted(out.splitlines())


def build_sqlite(work, outdir):
    top = os.path.join(work, "top")
    for name, spec in SPECS.items():
        path = os.path.join(work, name + ".spec")
        with open(path, "w") as f:
            f.write(spec)
        run("rpmbuild", "--define", f"_topdir {top}", "--define", "_buildhost palisade", "-bb", path,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    rpms = sorted(glob.glob(os.path.join(top, "RPMS", "noarch", "*.rpm")))
    root = os.path.join(work, "root")
    run("rpm", "--root", root, "--dbpath", "/var/lib/rpm", "--define", "_db_backend sqlite",
        "--nodeps", "--justdb", "-i", *rpms)
    src = os.path.join(root, "var/lib/rpm/rpmdb.sqlite")
    dst = os.path.join(outdir, "rpmdb.sqlite")
    shutil.copyfile(src, dst)
    db = sqlite3.connect(dst, isolation_level=None)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA page_size=1024")
    db.execute("VACUUM")
    db.execute("PRAGMA journal_mode=WAL")
    blobs = [(hnum, bytes(blob)) for hnum, blob in db.execute("SELECT hnum, blob FROM Packages ORDER BY hnum")]
    db.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.unlink(dst + suffix)
    return blobs


def build_bdb(blobs, path, pagesize, big_endian):
    """A hash database as rpm's bdb backend wrote `Packages`, made by the real libdb."""
    order = ">I" if big_endian else "<I"
    lines = ["VERSION=3", "format=bytevalue", "type=hash", f"db_pagesize={pagesize}",
             f"db_lorder={4321 if big_endian else 1234}", "HEADER=END"]
    # rpm kept the highest instance number under key 0.
    records = [(0, struct.pack(order, max(h for h, _ in blobs)))] + list(blobs)
    for key, value in records:
        lines.append(" " + struct.pack(order, key).hex())
        lines.append(" " + value.hex())
    lines.append("DATA=END")
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run(["db5.3_load", path], input="\n".join(lines) + "\n", text=True, check=True)


def build_ndb(blobs, path):
    """NDB `Packages.db` per rpm's lib/backend/ndb/rpmpkg.c: one slot page, then the blobs."""
    page, blk = 4096, 16
    slotnpages = 1
    data = bytearray(page * slotnpages)
    for o in range(0, page, 16):
        struct.pack_into("<I", data, o, 0x746F6C53)  # 'Slot'
    nextidx = max(h for h, _ in blobs) + 1
    struct.pack_into("<4sIIII", data, 0, b"RpmP", 0, 7, slotnpages, nextidx)
    blkoff = slotnpages * page // blk
    for slot, (pkgidx, blob) in enumerate(blobs, start=2):
        blkcnt = (16 + len(blob) + 12 + blk - 1) // blk
        body = bytearray(struct.pack("<4sIII", b"BlbS", pkgidx, 1700000000, len(blob)) + blob)
        body += bytes(blkcnt * blk - 12 - len(body))
        body += struct.pack("<II4s", zlib.adler32(bytes(body), 1), len(blob), b"BlbE")
        assert len(body) == blkcnt * blk
        struct.pack_into("<4sIII", data, slot * 16, b"Slot", pkgidx, blkoff, blkcnt)
        data += body
        blkoff += blkcnt
    with open(path, "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = os.path.abspath(sys.argv[1])
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="palisade-rpmdb-") as work:
        blobs = build_sqlite(work, outdir)
        # Query a copy: rpm opening the database would leave -wal/-shm files beside it.
        sqlitedir = os.path.join(work, "sqlite")
        os.makedirs(sqlitedir)
        shutil.copyfile(os.path.join(outdir, "rpmdb.sqlite"), os.path.join(sqlitedir, "rpmdb.sqlite"))
        expected = rpm_query(sqlitedir, "sqlite")
        bdbs = {"Packages": (4096, False), "Packages-8k": (8192, False), "Packages-be512": (512, True)}
        for name, (pagesize, big_endian) in bdbs.items():
            build_bdb(blobs, os.path.join(outdir, name), pagesize, big_endian)
            # rpm's own read-only Berkeley DB reader must see the same packages.
            bdbdir = os.path.join(work, name)
            os.makedirs(bdbdir)
            shutil.copyfile(os.path.join(outdir, name), os.path.join(bdbdir, "Packages"))
            got = rpm_query(bdbdir, "bdb_ro")
            if got != expected:
                sys.exit(f"bdb_ro reads {got} from {name}, sqlite has {expected}")
        build_ndb(blobs, os.path.join(outdir, "Packages.db"))
    for name in ("rpmdb.sqlite", "Packages", "Packages-8k", "Packages-be512", "Packages.db"):
        print(f"{name}\t{os.path.getsize(os.path.join(outdir, name))} bytes")
    print("packages:", "; ".join(expected))


if __name__ == "__main__":
    main()
