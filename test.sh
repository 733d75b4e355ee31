#!/usr/bin/env bash
# Runs every test in Service.sln. Installs the Debian packages the tests use (real DICOM peers and
# second readers) when they are missing, then prints the closing line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

packages=(dcmtk dicom3tools orthanc python3-pydicom python3-numpy)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  # orthanc's postinst starts its system service (ports 4242/8042) with `invoke-rc.d orthanc start`
  # under `set -e`. The tests never use that service (they start their own Orthanc on free ports), and
  # a start that fails would fail the install. A policy-rc.d answering 101 ("action forbidden", see
  # invoke-rc.d(8)) for the length of the install stops invoke-rc.d and deb-systemd-invoke from
  # starting any service; one that is already there (Docker images ship one) is left alone.
  policy=/usr/sbin/policy-rc.d
  own_policy=
  if [ ! -e "$policy" ]; then
    own_policy=1
    trap '"${sudo_cmd[@]}" rm -f "$policy"' EXIT
    printf '#!/bin/sh\n# Written by test.sh (Lantern) for the length of an apt-get install.\nexit 101\n' |
      "${sudo_cmd[@]}" tee "$policy" >/dev/null
    "${sudo_cmd[@]}" chmod 755 "$policy"
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  # env: sudo drops DEBIAN_FRONTEND from the environment. --force-confdef/confold: never ask about
  # configuration files (a package removed but not purged keeps its own).
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
  if [ -n "$own_policy" ]; then
    "${sudo_cmd[@]}" rm -f "$policy"
    trap - EXIT
  fi
fi

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test Service.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get total) - $(get executed))) # xunit skips count as not executed, not as notExecuted
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the test host failed before any test result was written
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
