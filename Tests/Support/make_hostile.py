#!/usr/bin/env python3
"""Generate hostile OCI image layouts for Palisade's image-reader tests.

Usage:  python3 Tests/Support/make_hostile.py OUTDIR [--only CASE]...

Each case becomes its own OCI image layout OUTDIR/<case>/ (oci-layout, index.json
with one manifest annotated org.opencontainers.image.ref.name=img, blobs/<alg>/<hex>).
Everything is correct (config amd64/linux, diff_ids, descriptor digests and sizes)
except the one thing a case is about. OUTDIR/cases.json maps case -> description;
some cases also write OUTDIR/<case>/expected.json. Output is deterministic (fixed
mtimes, gzip mtime 0) and nothing is written outside OUTDIR. Stdlib only, except
the `zstd` case, which needs the zstd CLI (Debian package `zstd`).

Tar archives are built from raw 512-byte headers (not tarfile) so hostile names
such as '/etc/evil-abs' or '../../etc/evil' are stored byte-for-byte.
"""
import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zlib

MTIME = 1700000000  # 2023-11-14T22:13:20Z
CREATED = "2023-11-14T22:13:20Z"
REF = "img"
MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_TAR = "application/vnd.oci.image.layer.v1.tar"
MT_TGZ = "application/vnd.oci.image.layer.v1.tar+gzip"
MT_TZST = "application/vnd.oci.image.layer.v1.tar+zstd"
MT_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json"
MiB, GiB = 1 << 20, 1 << 30
BOMB_SIZE = 4 * GiB


# ---------------------------------------------------------------- tar writing
def _b(s):
    return s.encode("utf-8") if isinstance(s, str) else s


def _oct(value, width):
    return b"%0*o\0" % (width - 1, value)


def header(name, typ=b"0", size=0, mode=0o644, linkname=b"", major=0, minor=0,
           gnu=False, gnu_extra=b"", mtime=MTIME):
    """One raw tar header block. ustar magic, or old-GNU magic when gnu=True."""
    name, linkname = _b(name), _b(linkname)
    if len(name) > 100 or len(linkname) > 100:
        raise ValueError("name/linkname > 100 bytes needs a pax or GNU long header")
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = _oct(mode, 8)
    h[108:116] = _oct(0, 8)          # uid
    h[116:124] = _oct(0, 8)          # gid
    h[124:136] = _oct(size, 12)
    h[136:148] = _oct(mtime, 12)
    h[148:156] = b" " * 8            # checksum placeholder
    h[156:157] = typ
    h[157:157 + len(linkname)] = linkname
    h[257:265] = b"ustar  \0" if gnu else b"ustar\x0000"
    h[265:269] = b"root"             # uname
    h[297:301] = b"root"             # gname
    h[329:337] = _oct(major, 8)
    h[337:345] = _oct(minor, 8)
    h[345:345 + len(gnu_extra)] = gnu_extra
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def pad(data):
    return data + bytes(-len(data) % 512)


def reg(name, data=b"", mode=0o644, **kw):
    data = _b(data)
    return header(name, b"0", len(data), mode, **kw) + pad(data)


def dir_(name, mode=0o755, **kw):
    return header(name.rstrip("/") + "/", b"5", 0, mode, **kw)


def sym(name, target, **kw):
    return header(name, b"2", 0, 0o777, target, **kw)


def hard(name, target, **kw):
    return header(name, b"1", 0, 0o644, target, **kw)


def tar(*entries):
    return b"".join(entries) + bytes(1024)


def pax_record(key, value):
    body = b" " + _b(key) + b"=" + _b(value) + b"\n"
    n = len(body) + 1
    while n != len(body) + len(str(n)):
        n = len(body) + len(str(n))
    return str(n).encode() + body


def pax(fallback_name, records):
    """A pax extended header ('x') applying to the next entry."""
    data = b"".join(pax_record(k, v) for k, v in records.items())
    return header("PaxHeaders.0/" + fallback_name, b"x", len(data)) + pad(data)


def gnu_long(typ, value):
    """GNU ././@LongLink entry: typ b'L' (long name) or b'K' (long link target)."""
    data = _b(value) + b"\0"
    return header("././@LongLink", typ, len(data), gnu=True) + pad(data)


def text(n, seed):
    """n bytes of deterministic, moderately compressible text."""
    out, i = [], 0
    while sum(map(len, out)) < n:
        out.append(hashlib.sha256(b"%s-%d" % (_b(seed), i)).hexdigest().encode() + b"\n")
        i += 1
    return b"".join(out)[:n]


# ------------------------------------------------------ blobs, layers, layout
def sha(data, alg="sha256"):
    return "%s:%s" % (alg, hashlib.new(alg, data).hexdigest())


def gz(data, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, 31)  # gzip wrapper, header mtime 0
    return c.compress(data) + c.flush()


def zstd(data):
    if not shutil.which("zstd"):
        sys.exit("the zstd case needs the zstd CLI: apt-get install -y zstd")
    return subprocess.run(["zstd", "-q", "-19", "-c"], input=data, stdout=subprocess.PIPE,
                          check=True).stdout


def layer(tar_bytes, media=MT_TGZ, **extra):
    """Layer dict: blob, diff_id, media; extra keys: alg, declared_digest, declared_size."""
    blob = {MT_TGZ: gz, MT_TZST: zstd}.get(media, lambda b: b)(tar_bytes)
    return dict(blob=blob, diff_id=sha(tar_bytes), media=media, **extra)


class Layout:
    def __init__(self, root):
        self.root = root
        if os.path.exists(root):
            shutil.rmtree(root)
        os.makedirs(os.path.join(root, "blobs", "sha256"))
        self.write("oci-layout", json.dumps({"imageLayoutVersion": "1.0.0"}).encode())

    def write(self, rel, data):
        with open(os.path.join(self.root, rel), "wb") as f:
            f.write(data)

    def blob_path(self, digest):
        alg, hexd = digest.split(":", 1)
        os.makedirs(os.path.join(self.root, "blobs", alg), exist_ok=True)
        return os.path.join(self.root, "blobs", alg, hexd)

    def put(self, data, alg="sha256", store_as=None):
        digest = sha(data, alg)
        with open(self.blob_path(store_as or digest), "wb") as f:
            f.write(data)
        return digest, len(data)

    def put_json(self, obj, media):
        digest, size = self.put(json.dumps(obj).encode())
        return {"mediaType": media, "digest": digest, "size": size}

    def index(self, manifest_desc):
        desc = dict(manifest_desc, annotations={"org.opencontainers.image.ref.name": REF})
        self.write("index.json", json.dumps(
            {"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": [desc]}).encode())

    def expected(self, obj):
        self.write("expected.json", json.dumps(obj, indent=1, ensure_ascii=False).encode())


def image(lay, layers, manifest_extra=None):
    """Store layers + config + manifest and write index.json."""
    descs = []
    for l in layers:
        if "path" in l:  # already streamed to a temp file inside the layout
            digest, size = l["digest"], l["size"]
            os.replace(l["path"], lay.blob_path(digest))
        else:
            digest, size = lay.put(l["blob"], l.get("alg", "sha256"), l.get("declared_digest"))
        descs.append({"mediaType": l["media"], "digest": l.get("declared_digest", digest),
                      "size": l.get("declared_size", size)})
    config = {"created": CREATED, "architecture": "amd64", "os": "linux",
              "config": {"Env": ["PATH=/usr/bin:/bin"]},
              "rootfs": {"type": "layers", "diff_ids": [l["diff_id"] for l in layers]},
              "history": [{"created": CREATED, "created_by": "make_hostile.py"} for _ in layers]}
    manifest = {"schemaVersion": 2, "mediaType": MT_MANIFEST,
                "config": lay.put_json(config, MT_CONFIG), "layers": descs}
    manifest.update(manifest_extra or {})
    lay.index(lay.put_json(manifest, MT_MANIFEST))


def stream_layer(lay, chunks, level):
    """gzip an iterator of tar chunks straight to disk, hashing both sides."""
    tmp = os.path.join(lay.root, "blobs", "sha256", ".partial")
    raw, comp, size = hashlib.sha256(), hashlib.sha256(), 0
    z = zlib.compressobj(level, zlib.DEFLATED, 31)
    with open(tmp, "wb") as out:
        for chunk in chunks:
            raw.update(chunk)
            c = z.compress(chunk)
            comp.update(c); out.write(c); size += len(c)
        c = z.flush()
        comp.update(c); out.write(c); size += len(c)
    return dict(path=tmp, digest="sha256:" + comp.hexdigest(), size=size,
                diff_id="sha256:" + raw.hexdigest(), media=MT_TGZ)


def check_tar(tar_bytes, expected):
    """Self-check: Python's tarfile must list exactly the expected entries."""
    kinds = {tarfile.REGTYPE: "file", tarfile.DIRTYPE: "dir", tarfile.SYMTYPE: "symlink",
             tarfile.LNKTYPE: "hardlink", tarfile.GNUTYPE_SPARSE: "file"}
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tf:
        got = [{"path": m.name, "type": kinds[m.type], "size": m.size, "linkname": m.linkname}
               for m in tf.getmembers()]
    want = [{k: e.get(k, d) for k, d in (("path", ""), ("type", ""), ("size", 0), ("linkname", ""))}
            for e in expected]
    assert got == want, "tarfile disagrees:\n%s\n%s" % (got, want)


def full_entries(entries):
    """expected.json form: every entry has path, type, size and linkname (plus extras)."""
    return [dict({"path": e["path"], "type": e["type"], "size": 0, "linkname": ""}, **e)
            for e in entries]


# ---------------------------------------------------------------------- cases
CASES = {}


def case(name, description):
    def register(fn):
        CASES[name] = (description, fn)
        return fn
    return register


GOOD_ENTRIES = [
    {"path": "etc", "type": "dir"},
    {"path": "etc/hello.txt", "type": "file", "size": 6},
    {"path": "etc/data.txt", "type": "file", "size": 20000},
    {"path": "etc/hello-hard.txt", "type": "hardlink", "linkname": "etc/hello.txt"},
    {"path": "bin", "type": "dir"},
    {"path": "bin/tool", "type": "file", "size": 18, "mode": 0o755},
    {"path": "bin/tool-link", "type": "symlink", "linkname": "tool"},
    {"path": "empty", "type": "dir"},
]


def good_tar():
    return tar(dir_("etc"), reg("etc/hello.txt", "hello\n"), reg("etc/data.txt", text(20000, "d")),
               hard("etc/hello-hard.txt", "etc/hello.txt"), dir_("bin"),
               reg("bin/tool", "#!/bin/sh\necho hi\n", 0o755), sym("bin/tool-link", "tool"),
               dir_("empty"))


@case("good", "control: one valid gzip layer with files, dirs, a symlink and a hard link")
def c_good(root):
    t = good_tar()
    check_tar(t, GOOD_ENTRIES)
    lay = Layout(root)
    image(lay, [layer(t)])
    lay.expected({"entries": full_entries(GOOD_ENTRIES)})


def data_tar():
    return tar(dir_("data"), reg("data/a.txt", text(200000, "a")), reg("data/b.txt", text(50000, "b")))


@case("corrupt-gzip", "gzip layer with 64 bytes XOR-garbled mid deflate stream; digest/size "
      "match the corrupted blob, diff_id is the original tar's, only decompression fails")
def c_corrupt_gzip(root):
    l = layer(data_tar())
    blob = bytearray(l["blob"])
    mid = len(blob) // 2
    blob[mid:mid + 64] = bytes(b ^ 0x5A for b in blob[mid:mid + 64])
    try:
        zlib.decompress(bytes(blob), 31)
        raise AssertionError("garbled gzip still decompressed")
    except zlib.error:
        pass
    l["blob"] = bytes(blob)
    image(Layout(root), [l])


@case("truncated-gzip", "gzip layer cut in half; descriptor digest/size match the cut blob, "
      "diff_id is the full tar's")
def c_truncated_gzip(root):
    l = layer(data_tar())
    l["blob"] = l["blob"][:len(l["blob"]) // 2]
    image(Layout(root), [l])


@case("truncated-tar", "valid gzip of a tar cut 40000 bytes into data/big.bin's 100000 bytes "
      "(no end-of-archive blocks); diff_id = sha256 of the truncated tar")
def c_truncated_tar(root):
    head = dir_("data") + reg("data/small.txt", "small\n")
    full = tar(head, reg("data/big.bin", text(100000, "big")), reg("data/after.txt", "after\n"))
    image(Layout(root), [layer(full[:len(head) + 512 + 40000])])


@case("digest-mismatch", "layer descriptor digest is wrong (size right); the blob is stored "
      "under the wrong digest's path, so only content verification catches it")
def c_digest_mismatch(root):
    image(Layout(root), [layer(good_tar(), declared_digest=sha(b"not the layer"))])


@case("size-mismatch", "layer descriptor size is actual-1 (digest right): a reader that hashes "
      "the whole file and ignores the size would accept it")
def c_size_mismatch(root):
    l = layer(good_tar())
    l["declared_size"] = len(l["blob"]) - 1
    image(Layout(root), [l])


@case("diffid-mismatch", "config rootfs.diff_ids[0] is wrong; layer blob and descriptor correct")
def c_diffid_mismatch(root):
    l = layer(good_tar())
    l["diff_id"] = sha(b"wrong diff id")
    image(Layout(root), [l])


@case("sha512", "VALID: layer descriptor uses a sha512 digest (blob under blobs/sha512/); "
      "config/manifest sha256 - must be read fine")
def c_sha512(root):
    image(Layout(root), [layer(good_tar(), alg="sha512")])


@case("big-manifest", "manifest blob over 4 MiB (4 MiB + 4 KiB annotation padding); "
      "digest and size correct")
def c_big_manifest(root):
    pad_value = "x" * (4 * MiB + 4096)
    image(Layout(root), [layer(good_tar())],
          {"annotations": {"org.example.padding": pad_value}})


@case("dotdot-entry", "tar entries '../../etc/evil' and 'a/../../b' (path traversal), plus ok.txt")
def c_dotdot(root):
    image(Layout(root), [layer(tar(reg("ok.txt", "ok\n"), reg("../../etc/evil", "pwned\n"),
                                   dir_("a"), reg("a/../../b", "pwned too\n")))])


@case("absolute-path", "tar entry whose raw name is '/etc/evil-abs' (leading slash kept), plus ok.txt")
def c_absolute(root):
    image(Layout(root), [layer(tar(reg("ok.txt", "ok\n"), reg("/etc/evil-abs", "pwned\n")))])


@case("symlink-escape", "symlinks a->../../../../etc/passwd, l1->l2, l2->/../../etc, "
      "l3->l1/shadow (chain leaves the root), plus regular ok.txt")
def c_symlink_escape(root):
    image(Layout(root), [layer(tar(sym("a", "../../../../etc/passwd"), sym("l1", "l2"),
                                   sym("l2", "/../../etc"), sym("l3", "l1/shadow"),
                                   reg("ok.txt", "ok\n")))])


@case("symlink-write-through", "symlink esc->/etc then a regular file esc/evil-through "
      "(writing it would follow the link out of the root), plus ok.txt")
def c_symlink_write_through(root):
    image(Layout(root), [layer(tar(reg("ok.txt", "ok\n"), sym("esc", "/etc"),
                                   reg("esc/evil-through", "pwned\n")))])


@case("hardlink-missing", "hard link 'link' -> 'missing/file' whose target exists in no layer, "
      "plus ok.txt")
def c_hardlink_missing(root):
    image(Layout(root), [layer(tar(reg("ok.txt", "ok\n"), hard("link", "missing/file")))])


@case("device-node", "char device dev/evil (1,1), block device dev/blk (8,0), fifo dev/fifo, "
      "plus ok.txt")
def c_device(root):
    image(Layout(root), [layer(tar(dir_("dev"),
                                   header("dev/evil", b"3", 0, 0o666, major=1, minor=1),
                                   header("dev/blk", b"4", 0, 0o660, major=8, minor=0),
                                   header("dev/fifo", b"6", 0, 0o644),
                                   reg("ok.txt", "ok\n")))])


def million_chunks():
    yield dir_("d")
    tmpl = header("", b"0", 0, 0o644)          # empty name; patch name + checksum per file
    base = sum(tmpl[:148]) + 8 * 32 + sum(tmpl[156:])
    pre, post = tmpl[100:148], tmpl[156:]
    for dnum in range(1000):
        buf = [dir_("d/%03d" % dnum)]
        for i in range(dnum * 1000, dnum * 1000 + 1000):
            nb = b"d/%03d/f%06d" % (dnum, i)
            buf.append(nb + bytes(100 - len(nb)) + pre + b"%06o\0 " % (base + sum(nb)) + post)
        yield b"".join(buf)
    yield bytes(1024)


@case("million-entries", "one gzip -1 layer with 1,000,000 empty files d/NNN/fNNNNNN "
      "(1000 dirs x 1000 files, plus 1001 dir entries); ~512 MB of tar headers")
def c_million(root):
    lay = Layout(root)
    image(lay, [stream_layer(lay, million_chunks(), 1)])


def bomb_chunks(size):
    yield header("zeros", b"0", size, 0o644)
    zeros = bytes(4 * MiB)
    for _ in range(size // len(zeros)):
        yield zeros
    yield bytes(1024)


@case("gzip-bomb", "one gzip -9 layer whose single file 'zeros' is 4 GiB of zeros "
      "(~4 MB compressed); diff_id correct")
def c_bomb(root):
    lay = Layout(root)
    image(lay, [stream_layer(lay, bomb_chunks(BOMB_SIZE), 9)])


@case("unknown-media-type", "layer mediaType application/vnd.example.weird+tar (blob is a plain tar)")
def c_unknown_media(root):
    image(Layout(root), [layer(good_tar(), media="application/vnd.example.weird+tar")])


@case("zstd", "VALID: layer is application/vnd.oci.image.layer.v1.tar+zstd - must be read fine")
def c_zstd(root):
    image(Layout(root), [layer(good_tar(), media=MT_TZST)])


@case("uncompressed", "VALID: layer is an uncompressed application/vnd.oci.image.layer.v1.tar")
def c_uncompressed(root):
    image(Layout(root), [layer(good_tar(), media=MT_TAR)])


PAX_DIR = "long/ünïcödé-dïrectory-名前-" + "ß" * 10
PAX_FILE = PAX_DIR + "/fïle-with-a-rather-long-ünïcödé-name-日本語.txt"
GNU_DIR = "gnu/" + "a" * 60
GNU_FILE = GNU_DIR + "/" + "b" * 60 + ".txt"
GNU_TARGET = "a" * 60 + "/" + "b" * 60 + ".txt"        # relative to gnu/ -> GNU_FILE


@case("pax-gnu", "VALID: pax long non-ASCII paths with pax mtime, GNU 'L' long name, GNU 'K' "
      "long symlink target - must be read fine; see expected.json")
def c_pax_gnu(root):
    assert len(PAX_FILE.encode()) > 100 and len(GNU_FILE) > 100 and len(GNU_TARGET) > 100
    body = b"pax file\n"
    t = tar(dir_("long"),
            pax("dir", {"path": PAX_DIR, "mtime": "1700000000.5"}), dir_("long/pax-dir-fallback"),
            pax("file", {"path": PAX_FILE, "mtime": "1700000123.123456789"}),
            reg("long/pax-file-fallback", body),
            dir_("gnu"), dir_(GNU_DIR),
            gnu_long(b"L", GNU_FILE), reg(GNU_FILE[:100], "gnu long name\n", gnu=True),
            gnu_long(b"K", GNU_TARGET), sym("gnu/long-link", GNU_TARGET[:100], gnu=True))
    entries = [  # pax mtimes kept exact as seconds + nanoseconds
        {"path": "long", "type": "dir"},
        {"path": PAX_DIR, "type": "dir", "mtime_sec": 1700000000, "mtime_nsec": 500000000},
        {"path": PAX_FILE, "type": "file", "size": len(body),
         "mtime_sec": 1700000123, "mtime_nsec": 123456789},
        {"path": "gnu", "type": "dir"},
        {"path": GNU_DIR, "type": "dir"},
        {"path": GNU_FILE, "type": "file", "size": 14},
        {"path": "gnu/long-link", "type": "symlink", "linkname": GNU_TARGET},
    ]
    check_tar(t, entries)
    lay = Layout(root)
    image(lay, [layer(t)])
    lay.expected({"entries": full_entries(entries)})


@case("whiteouts", "two layers: layer 2 whiteouts a/.wh.x, opaque b/.wh..wh..opq + b/new, and .wh.c "
      "(deletes dir c); see expected.json for the merged tree")
def c_whiteouts(root):
    l1 = tar(dir_("a"), reg("a/x", "x\n"), reg("a/y", "y\n"), dir_("b"), reg("b/z", "z\n"),
             dir_("c"), reg("c/keep", "keep\n"))
    l2 = tar(dir_("a"), reg("a/.wh.x"), dir_("b"), reg("b/.wh..wh..opq"), reg("b/new", "new\n"),
             reg(".wh.c"))
    lay = Layout(root)
    image(lay, [layer(l1), layer(l2)])
    lay.expected({
        "present": [{"path": "a", "type": "dir"}, {"path": "a/y", "type": "file", "size": 2},
                    {"path": "b", "type": "dir"}, {"path": "b/new", "type": "file", "size": 4}],
        "absent": ["a/x", "b/z", "c", "c/keep", "a/.wh.x", "b/.wh..wh..opq", ".wh.c"]})


@case("schema1-in-layout", "index entry points at an (unsigned) Docker schema1 manifest, "
      "mediaType application/vnd.docker.distribution.manifest.v1+json")
def c_schema1(root):
    lay = Layout(root)
    t = good_tar()
    blob_digest, _ = lay.put(gz(t))
    v1 = {"id": hashlib.sha256(t).hexdigest(), "created": CREATED, "architecture": "amd64",
          "os": "linux", "config": {"Env": ["PATH=/usr/bin:/bin"]}}
    manifest = {"schemaVersion": 1, "name": "palisade/hostile", "tag": REF, "architecture": "amd64",
                "fsLayers": [{"blobSum": blob_digest}],
                "history": [{"v1Compatibility": json.dumps(v1)}]}
    lay.index(lay.put_json(manifest, MT_SCHEMA1))


SPARSE_REAL = 2 * MiB
SPARSE_MAP = [(0, 4096), (1 * MiB, 4096), (SPARSE_REAL, 0)]  # GNU tar's trailing empty chunk


@case("sparse", "old-GNU sparse entry (type 'S') sparse/file.bin: 2 MiB real size, 8 KiB stored "
      "data at offsets 0 and 1 MiB; read correctly or refuse clearly; see expected.json")
def c_sparse(root):
    stored = b"A" * 4096 + b"B" * 4096
    extra = bytearray(155)                       # GNU fields from header offset 345
    for i, (off, n) in enumerate(SPARSE_MAP):    # sparse[4] at 386, 24 bytes each
        extra[41 + 24 * i:41 + 24 * i + 24] = _oct(off, 12) + _oct(n, 12)
    extra[137] = 0                               # isextended (482)
    extra[138:150] = _oct(SPARSE_REAL, 12)       # realsize (483)
    t = tar(dir_("sparse"), header("sparse/file.bin", b"S", len(stored), 0o644, gnu=True,
                                   gnu_extra=bytes(extra)) + pad(stored), reg("ok.txt", "ok\n"))
    content = bytearray(SPARSE_REAL)
    content[0:4096] = b"A" * 4096
    content[MiB:MiB + 4096] = b"B" * 4096
    with tarfile.open(fileobj=io.BytesIO(t)) as tf:   # self-check: tarfile expands it the same
        assert tf.extractfile("sparse/file.bin").read() == bytes(content)
    lay = Layout(root)
    image(lay, [layer(t)])
    lay.expected({"entries": [
        {"path": "sparse", "type": "dir"},
        {"path": "sparse/file.bin", "type": "file", "size": SPARSE_REAL,
         "stored_size": len(stored), "sha256": hashlib.sha256(content).hexdigest(),
         "sparse_map": SPARSE_MAP},
        {"path": "ok.txt", "type": "file", "size": 3}]})


# ----------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--only", action="append", choices=sorted(CASES), metavar="CASE",
                    help="generate only this case (repeatable); one of: " + ", ".join(CASES))
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "cases.json"), "w") as f:
        json.dump({name: desc for name, (desc, _) in CASES.items()}, f, indent=1)
    total = time.monotonic()
    for name in args.only or CASES:
        t0 = time.monotonic()
        CASES[name][1](os.path.join(args.outdir, name))
        print("%-22s %7.2fs" % (name, time.monotonic() - t0), flush=True)
    print("%-22s %7.2fs" % ("total", time.monotonic() - total))


if __name__ == "__main__":
    main()
