#!/usr/bin/env bash
# Installs the real version-comparison implementations that Tests/Support/version_oracle.py runs
# (VersionOracleTests), on Debian 12 as root. Idempotent. Meant to be merged into scripts/setup.
set -euo pipefail

oracle_packages=(
  dpkg                   # dpkg --compare-versions (Debian, Ubuntu)
  python3-rpm            # rpm.labelCompare (RPM distributions); for Debian's python3, see version_oracle.py
  ruby                   # Gem::Version (RubyGems)
  php-cli php-composer-semver   # Composer\Semver\VersionParser + Comparator (Packagist)
  nodejs node-semver     # semver.compare (npm, crates.io; Go through it)
  default-jdk-headless libmaven3-core-java   # javac + ComparableVersion from maven3-artifact.jar (Maven)
)

missing=()
for p in "${oracle_packages[@]}"; do
  # A node already on the machine (nodesource's nodejs package) serves as well as Debian's.
  if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-oracles: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# packaging.version.Version (PyPI; 26.x parses with possessive patterns on CPython >= 3.11.5) and
# univers (apk and NuGet: no Debian package has apk-tools or NuGet.Versioning).
python3 -c 'import packaging, univers.versions' 2>/dev/null \
  || python3 -m pip install -q 'packaging>=26' 'univers==32.0.1'
