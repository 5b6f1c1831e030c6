#!/usr/bin/env python3
"""Builds `docker save` style archives from real images, with real tools where they exist.

Usage: make_docker_archives.py LAYOUT OUTDIR
  OUTDIR/python-app.tar      classic docker-archive (skopeo copy)
  OUTDIR/multi.tar           classic archive holding two images (python-app:latest, debian-minbase:12),
                             the way `docker save a b` writes it: both entries in one manifest.json
  OUTDIR/oci-style.tar       the newer docker save layout (Docker 25+): oci-layout, index.json,
                             blobs/sha256/<hex> (uncompressed layers, config, manifest) and manifest.json
                             whose Config and Layers name blobs/sha256/... paths
Prints nothing on success; stdlib + skopeo only."""
import hashlib, io, json, os, subprocess, sys, tarfile

def skopeo(*args):
    subprocess.run(["skopeo", "copy", "-q", *args], check=True, stdout=subprocess.DEVNULL)

def main(layout, out):
    os.makedirs(out, exist_ok=True)
    single = os.path.join(out, "python-app.tar")
    minbase = os.path.join(out, "debian-minbase.tar")
    skopeo(f"oci:{layout}:python-app", f"docker-archive:{single}:python-app:latest")
    skopeo(f"oci:{layout}:debian-minbase", f"docker-archive:{minbase}:debian-minbase:12")

    # Multi-image classic archive: merge members and manifest entries.
    entries, seen = [], set()
    with tarfile.open(os.path.join(out, "multi.tar"), "w", format=tarfile.PAX_FORMAT) as dst:
        for src_path in (single, minbase):
            with tarfile.open(src_path) as src:
                for member in src.getmembers():
                    if member.name == "manifest.json":
                        entries += json.load(src.extractfile(member))
                        continue
                    if member.name in seen or member.name == "repositories":
                        continue
                    seen.add(member.name)
                    dst.addfile(member, src.extractfile(member) if member.isfile() else None)
        data = json.dumps(entries).encode()
        info = tarfile.TarInfo("manifest.json"); info.size = len(data)
        dst.addfile(info, io.BytesIO(data))
    os.remove(minbase)

    # OCI-style docker save: an OCI layout with uncompressed layers plus manifest.json.
    oci_dir = os.path.join(out, "oci-style")
    skopeo("--dest-decompress", f"oci:{layout}:python-app", f"oci:{oci_dir}:python-app")
    index = json.load(open(os.path.join(oci_dir, "index.json")))
    mdesc = index["manifests"][0]
    mdesc.setdefault("annotations", {})["io.containerd.image.name"] = "docker.io/library/python-app:latest"
    manifest = json.load(open(os.path.join(oci_dir, "blobs", "sha256", mdesc["digest"].split(":")[1])))
    blob = lambda d: "blobs/sha256/" + d.split(":")[1]
    docker_manifest = [{"Config": blob(manifest["config"]["digest"]), "RepoTags": ["python-app:latest"],
                        "Layers": [blob(l["digest"]) for l in manifest["layers"]]}]
    with tarfile.open(os.path.join(out, "oci-style.tar"), "w", format=tarfile.PAX_FORMAT) as dst:
        for root, dirs, files in os.walk(oci_dir):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(root, name)
                rel = os.path.relpath(full, oci_dir)
                if rel == "index.json":
                    continue
                dst.add(full, arcname=rel)
        for name, obj in (("index.json", index), ("manifest.json", docker_manifest)):
            data = json.dumps(obj).encode()
            info = tarfile.TarInfo(name); info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    subprocess.run(["rm", "-rf", oci_dir], check=True)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
