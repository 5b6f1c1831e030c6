#!/usr/bin/env python3
"""Independent oracle: list an unpacked root filesystem (e.g. what `umoci unpack` wrote)
as JSON lines {path, type, size, mode, uid, gid, sha256, link}, without following links.
Usage: tree_listing.py ROOTFS > listing.json"""
import hashlib, json, os, stat, sys

def main(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            rel = "/" + os.path.relpath(full, root)
            mode = stat.S_IMODE(st.st_mode)
            kind = {stat.S_IFREG: "file", stat.S_IFDIR: "directory", stat.S_IFLNK: "symlink",
                    stat.S_IFCHR: "char", stat.S_IFBLK: "block", stat.S_IFIFO: "fifo",
                    stat.S_IFSOCK: "socket"}[stat.S_IFMT(st.st_mode)]
            entry = {"path": rel, "type": kind, "mode": mode, "uid": st.st_uid, "gid": st.st_gid,
                     "size": st.st_size if kind == "file" else 0}
            if kind == "file":
                h = hashlib.sha256()
                with open(full, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                entry["sha256"] = "sha256:" + h.hexdigest()
            if kind == "symlink":
                entry["link"] = os.readlink(full)
            out.append(entry)
    json.dump(out, sys.stdout)

if __name__ == "__main__":
    main(sys.argv[1])
