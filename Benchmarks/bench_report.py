"""Shared by the benchmark reports: samples to per-contender medians, and saving results."""
import json, os, statistics, time

def rows(samples_path, extra=None):
    """'name wall_s rss_kib [cpu_s]' lines -> {name: {median_wall_s, min_wall_s, max_wall_s, median_peak_rss_mib,
    [median_cpu_s, min_cpu_s, max_cpu_s,] wall_s, rss_kib, [cpu_s,] ...extra}}; the cpu keys only when every
    line of that contender has the fourth column (user + sys seconds)"""
    data = {}
    for line in open(samples_path):
        name, wall, rss, *cpu = line.split()
        d = data.setdefault(name, {"wall_s": [], "rss_kib": [], "cpu_s": []})
        d["wall_s"].append(float(wall))
        d["rss_kib"].append(int(rss))
        d["cpu_s"].extend(float(c) for c in cpu[:1])
    out = {}
    for n, d in data.items():
        if len(d["cpu_s"]) != len(d["wall_s"]):
            del d["cpu_s"]
        cpu = ({"median_cpu_s": statistics.median(d["cpu_s"]), "min_cpu_s": min(d["cpu_s"]),
                "max_cpu_s": max(d["cpu_s"])} if "cpu_s" in d else {})
        out[n] = {"median_wall_s": statistics.median(d["wall_s"]), "min_wall_s": min(d["wall_s"]),
                  "max_wall_s": max(d["wall_s"]), "median_peak_rss_mib": statistics.median(d["rss_kib"]) / 1024,
                  **cpu, **(extra(n) if extra else {}), **d}
    return out

def save(outdir, prefix, document):
    """Writes document (plus a UTC timestamp) to outdir/prefix-STAMP.json and says where."""
    os.makedirs(outdir, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = os.path.join(outdir, f"{prefix}-{stamp}.json")
    with open(path, "w") as f:
        json.dump({"timestamp": stamp, **document}, f, indent=2)
    print(f"saved {path}")
