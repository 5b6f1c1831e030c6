#!/usr/bin/env python3
"""Compares version pairs with the REAL implementation of each scheme.

    python3 version_oracle.py SCHEME < pairs.tsv

Reads `a<TAB>b` lines on stdin; prints one line per pair: -1, 0 or 1 (the sign of a <=> b), or ERR
when the implementation rejects either version (or, for composer, does not order the pair).

The oracles (Debian packages unless said otherwise; scripts/setup-oracles.sh installs them):
  dpkg      dpkg --compare-versions a lt b / a eq b (exit 2 = bad syntax), in a thread pool
  pep440    packaging.version.Version (PyPI "packaging")
  rpm       rpm.labelCompare((e, v, r), (e, v, r)) from python3-rpm; the string is split as rpm's
            parseEVR splits it; versions rpmbuild would refuse (see rpm_valid) are ERR
  maven     org.apache.maven.artifact.versioning.ComparableVersion from libmaven3-core-java,
            in one JVM (a small class compiled on first use into a cache directory)
  rubygems  Gem::Version (ruby), one process
  composer  Composer\\Semver\\VersionParser::normalize + normalizeDefaultBranch + Comparator
            (php-cli, php-composer-semver), one process
  semver    node-semver's semver.compare, strict (node-semver, nodejs), one process
  go        the same node-semver, on the version without its leading "v" and "+incompatible"
            (golang.org/x/mod/semver orders as SemVer 2, build metadata ignored), after expanding
            Go's vMAJOR / vMAJOR.MINOR shorthands; there is no Go toolchain here
  apk       univers.versions.AlpineLinuxVersion (PyPI "univers"): no Debian package has apk-tools;
  nuget     univers.versions.NugetVersion (PyPI "univers", OSV's own NuGet code): no .NET here.
            Both are independent re-implementations, not the real tools: version_pairs.py keeps
            their pairs to the constructs they implement as apk-tools and NuGet do (see there).
"""

import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def read_pairs():
    data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    pairs = []
    for line in data.split("\n"):
        if line == "":
            continue
        a, _, b = line.partition("\t")
        pairs.append((a, b))
    return pairs


def emit(results):
    out = sys.stdout.buffer
    out.write(("".join(f"{r}\n" for r in results)).encode())
    out.flush()


def sgn(x):
    return (x > 0) - (x < 0)


# --- dpkg ------------------------------------------------------------------------------------------

def oracle_dpkg(pairs):
    env = dict(os.environ, LC_ALL="C")

    def arg(v):
        # dpkg would read a leading "-" as an option; it trims leading blanks, so " -1" is "-1".
        return " " + v if v.startswith("-") else v

    def run(a, b, op):
        p = subprocess.run(["dpkg", "--compare-versions", arg(a), op, arg(b)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return p.returncode

    def one(pair):
        a, b = pair
        rc = run(a, b, "lt")
        if rc == 0:
            return "-1"
        if rc != 1:
            return "ERR"
        rc = run(a, b, "eq")
        if rc == 0:
            return "0"
        if rc != 1:
            return "ERR"
        return "1"

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(4, 2 * (os.cpu_count() or 1))) as pool:
        return list(pool.map(one, pairs, chunksize=16))


# --- pep440 ----------------------------------------------------------------------------------------

def oracle_pep440(pairs):
    from packaging.version import InvalidVersion, Version

    cache = {}

    def parse(s):
        if s not in cache:
            try:
                cache[s] = Version(s)
            except (InvalidVersion, ValueError):
                cache[s] = None
        return cache[s]

    out = []
    for a, b in pairs:
        va, vb = parse(a), parse(b)
        if va is None or vb is None:
            out.append("ERR")
        else:
            out.append("-1" if va < vb else ("0" if va == vb else "1"))
    return out


# --- rpm -------------------------------------------------------------------------------------------

def import_rpm():
    try:
        import rpm  # noqa: F401
    except ImportError:
        # python3-rpm installs into Debian's python3; make it importable from another CPython 3.11.
        sys.path.append("/usr/lib/python3/dist-packages")
    import rpm
    return rpm


RPM_ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+%{}~^")


def rpm_split(s):
    """rpm's parseEVR: epoch = leading digits followed by ':'; release = after the last '-'."""
    i = 0
    while i < len(s) and s[i].isascii() and s[i].isdigit():
        i += 1
    epoch = None
    rest = s
    if i < len(s) and s[i] == ":":
        epoch = s[:i]
        rest = s[i + 1:]
    version, sep, release = rest.rpartition("-")
    if not sep:
        version, release = rest, None
    return epoch, version, release


def rpm_valid(epoch, version, release):
    """What rpmbuild accepts: Epoch a number; Version and Release non-empty, letters, digits and
    ._+%{}~^ only (ALLOWED_CHARS_VERREL), no ".." (rpmCharCheck)."""
    if epoch is not None and epoch == "":
        return False
    for part in (version, release):
        if part is None:
            continue
        if part == "" or any(c not in RPM_ALLOWED for c in part) or ".." in part:
            return False
    return True


def oracle_rpm(pairs):
    try:
        rpm = import_rpm()
    except ImportError:
        # Another CPython than Debian's (a different minor version): ask Debian's python3 instead.
        if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
            return run_filter(["/usr/bin/python3", os.path.abspath(__file__), "rpm"], pairs)
        raise
    out = []
    for a, b in pairs:
        ea, eb = rpm_split(a), rpm_split(b)
        if a == "" or b == "" or not rpm_valid(*ea) or not rpm_valid(*eb):
            out.append("ERR")
            continue
        out.append(str(sgn(rpm.labelCompare(ea, eb))))
    return out


# --- maven -----------------------------------------------------------------------------------------

MAVEN_JAVA = r"""
import java.io.*;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenOracle {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            String a = tab < 0 ? line : line.substring(0, tab);
            String b = tab < 0 ? "" : line.substring(tab + 1);
            try {
                int c = new ComparableVersion(a).compareTo(new ComparableVersion(b));
                out.println(c < 0 ? "-1" : (c > 0 ? "1" : "0"));
            } catch (RuntimeException e) {
                out.println("ERR");
            }
        }
        out.flush();
    }
}
"""

MAVEN_JARS = ["/usr/share/java/maven3-artifact.jar", "/usr/share/java/maven-artifact-3.x.jar",
              "/usr/share/maven/lib/maven-artifact-3.x.jar"]


def cache_dir(name):
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    d = os.path.join(base, "palisade-oracles", name)
    os.makedirs(d, exist_ok=True)
    return d


def oracle_maven(pairs):
    jar = next((j for j in MAVEN_JARS if os.path.exists(j)), None)
    if jar is None:
        sys.exit("maven oracle: no maven-artifact jar (install libmaven3-core-java)")
    d = cache_dir("maven")
    src = os.path.join(d, "MavenOracle.java")
    cls = os.path.join(d, "MavenOracle.class")
    fresh = os.path.exists(cls) and os.path.exists(src) and open(src).read() == MAVEN_JAVA
    if not fresh:
        with tempfile.TemporaryDirectory(dir=d) as tmp:
            with open(os.path.join(tmp, "MavenOracle.java"), "w") as f:
                f.write(MAVEN_JAVA)
            subprocess.run(["javac", "-encoding", "UTF-8", "-cp", jar, "-d", tmp,
                            os.path.join(tmp, "MavenOracle.java")], check=True)
            shutil.move(os.path.join(tmp, "MavenOracle.class"), cls)
            shutil.move(os.path.join(tmp, "MavenOracle.java"), src)
    return run_filter(["java", "-Xshare:auto", "-cp", d + os.pathsep + jar, "MavenOracle"], pairs)


def run_filter(argv, pairs, env=None):
    data = "".join(f"{a}\t{b}\n" for a, b in pairs).encode("utf-8", "surrogateescape")
    p = subprocess.run(argv, input=data, stdout=subprocess.PIPE, env=env, check=True)
    out = p.stdout.decode().split("\n")[:-1]
    if len(out) != len(pairs):
        sys.exit(f"{argv[0]}: {len(out)} answers for {len(pairs)} pairs")
    return out


# --- rubygems --------------------------------------------------------------------------------------

RUBY = r"""
$stdin.set_encoding("UTF-8")
out = []
$stdin.each_line("\n", chomp: true) do |line|
  a, b = line.split("\t", 2)
  b ||= ""
  begin
    va = Gem::Version.new(a)
    vb = Gem::Version.new(b)
    out << (va <=> vb).to_s
  rescue ArgumentError
    out << "ERR"
  end
end
$stdout.write(out.map { |x| x + "\n" }.join)
"""


def oracle_rubygems(pairs):
    return run_filter(["ruby", "-e", RUBY], pairs)


# --- composer --------------------------------------------------------------------------------------

PHP = r"""
require '/usr/share/php/Composer/Semver/autoload.php';
use Composer\Semver\VersionParser;
use Composer\Semver\Comparator;
$parser = new VersionParser();
$out = '';
while (($line = fgets(STDIN)) !== false) {
    $line = substr($line, -1) === "\n" ? substr($line, 0, -1) : $line;
    $parts = explode("\t", $line, 2);
    $a = $parts[0]; $b = isset($parts[1]) ? $parts[1] : '';
    try {
        $na = $parser->normalizeDefaultBranch($parser->normalize($a));
        $nb = $parser->normalizeDefaultBranch($parser->normalize($b));
    } catch (\Exception $e) {
        $out .= "ERR\n";
        continue;
    }
    $lt = Comparator::lessThan($na, $nb);
    $eq = Comparator::equalTo($na, $nb);
    $gt = Comparator::greaterThan($na, $nb);
    if ($lt + $eq + $gt !== 1) { $out .= "ERR\n"; }  // not ordered (two different dev- branches)
    else { $out .= ($lt ? "-1" : ($eq ? "0" : "1")) . "\n"; }
}
echo $out;
"""


def oracle_composer(pairs):
    return run_filter(["php", "-d", "display_errors=stderr", "-r", PHP], pairs)


# --- semver and go (node-semver) -------------------------------------------------------------------

NODE = r"""
const semver = require('semver');
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  if (line === '') continue;
  const tab = line.indexOf('\t');
  const a = line.slice(0, tab), b = line.slice(tab + 1);
  if (a === '\u0000ERR' || b === '\u0000ERR') { out.push('ERR'); continue; }
  try { out.push(String(semver.compare(a, b, false))); } catch (e) { out.push('ERR'); }
}
process.stdout.write(out.map(x => x + '\n').join(''));
"""


def node_env():
    paths = [p for p in ["/usr/share/nodejs", "/usr/lib/nodejs"] if os.path.isdir(p)]
    env = dict(os.environ)
    env["NODE_PATH"] = os.pathsep.join(paths + ([env["NODE_PATH"]] if env.get("NODE_PATH") else []))
    return env


def oracle_semver(pairs):
    return run_filter(["node", "-e", NODE], pairs, env=node_env())


def go_to_semver(s):
    """Go's version -> the SemVer text node-semver should judge ("\\0ERR" when Go rejects it
    for a reason node-semver does not: node-semver trims white space and tolerates one more "v")."""
    import re
    if s.startswith("v"):
        s = s[1:]
        # golang.org/x/mod/semver: vMAJOR and vMAJOR.MINOR mean vMAJOR.0.0 and vMAJOR.MINOR.0.
        if re.fullmatch(r"[0-9]+", s):
            s += ".0.0"
        elif re.fullmatch(r"[0-9]+\.[0-9]+", s):
            s += ".0"
    if s != s.strip() or s.startswith("v"):
        return "\0ERR"
    if s.endswith("+incompatible") and "+" not in s[: -len("+incompatible")]:
        s = s[: -len("+incompatible")]  # only when it is the whole build metadata
    return s


def oracle_go(pairs):
    return run_filter(["node", "-e", NODE], [(go_to_semver(a), go_to_semver(b)) for a, b in pairs], env=node_env())


# --- apk and nuget (univers) -----------------------------------------------------------------------

def oracle_univers(pairs, cls_name):
    import univers.versions as uv

    cls = getattr(uv, cls_name)
    cache = {}

    def parse(s):
        if s not in cache:
            try:
                v = cls(s)
                cache[s] = None if v.value is None else v  # NugetVersion("") has no value
            except Exception:
                cache[s] = None
        return cache[s]

    out = []
    for a, b in pairs:
        va, vb = parse(a), parse(b)
        if va is None or vb is None:
            out.append("ERR")
            continue
        try:
            out.append("-1" if va < vb else ("0" if va == vb else "1"))
        except Exception:
            out.append("ERR")
    return out


def oracle_apk(pairs):
    return oracle_univers(pairs, "AlpineLinuxVersion")


def oracle_nuget(pairs):
    return oracle_univers(pairs, "NugetVersion")


ORACLES = {
    "dpkg": oracle_dpkg, "pep440": oracle_pep440, "rpm": oracle_rpm, "maven": oracle_maven,
    "rubygems": oracle_rubygems, "composer": oracle_composer, "semver": oracle_semver,
    "go": oracle_go, "apk": oracle_apk, "nuget": oracle_nuget,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ORACLES:
        sys.exit("usage: version_oracle.py {" + ",".join(ORACLES) + "} < pairs.tsv")
    emit(ORACLES[sys.argv[1]](read_pairs()))


if __name__ == "__main__":
    main()
