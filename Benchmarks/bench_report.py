"""Shared by the benchmark reports: samples to per-contender medians, and saving results."""
import json, os, statistics, time

def rows(samples_path, extra=None):
    """'name wall_s rss_kib' lines -> {name: {median_wall_s, min_wall_s, max_wall_s, median_peak_rss_mib, wall_s, rss_kib, ...extra}}"""
    data = {}
    for line in open(samples_path):
        name, wall, rss = line.split()
        data.setdefault(name, {"wall_s": [], "rss_kib": []})
        data[name]["wall_s"].append(float(wall))
        data[name]["rss_kib"].append(int(rss))
    return {n: {"median_wall_s": statistics.median(d["wall_s"]), "min_wall_s": min(d["wall_s"]),
                "max_wall_s": max(d["wall_s"]), "median_peak_rss_mib": statistics.median(d["rss_kib"]) / 1024,
                **(extra(n) if extra else {}), **d}
            for n, d in data.items()}

def save(outdir, prefix, document):
    """Writes document (plus a UTC timestamp) to outdir/prefix-STAMP.json and says where."""
    os.makedirs(outdir, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = os.path.join(outdir, f"{prefix}-{stamp}.json")
    with open(path, "w") as f:
        json.dump({"timestamp": stamp, **document}, f, indent=2)
    print(f"saved {path}")
