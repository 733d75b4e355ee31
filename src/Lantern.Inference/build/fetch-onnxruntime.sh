#!/usr/bin/env bash
# Fetches ONNX Runtime's native library from the npm package onnxruntime-node (the registry package that ships
# it prebuilt for Linux, Windows and macOS) into a cache folder outside the repository. OnnxRuntime.targets
# calls it only when the cache lacks the library, so a build downloads the ~110 MB package at most once.
#
# Usage: fetch-onnxruntime.sh VERSION PLATFORM DEST MAIN_FILE [OTHER_FILE...]
#   PLATFORM is the package's folder name for the platform (linux/x64, win32/x64, darwin/arm64).
set -euo pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 VERSION PLATFORM DEST MAIN_FILE [OTHER_FILE...]" >&2
  exit 64
fi
version=$1 platform=$2 dest=$3
shift 3
main=$1
shift
others=("$@")

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed (Debian: apt-get install npm); cannot fetch onnxruntime-node@$version" >&2
  exit 69
fi

mkdir -p "$dest"
# Staged beside the destination so that the final moves are renames on one file system.
work=$(mktemp -d "$dest/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A private npm cache: the tarball is not kept twice (once in ~/.npm, once here).
tarball=$(cd "$work" && npm pack "onnxruntime-node@$version" --silent --cache "$work/npm-cache")
members=()
for file in "${others[@]}" "$main"; do
  members+=("package/bin/napi-v6/$platform/$file")
done
# -m: stamp the files with the time of the fetch; the package dates them all 1985, which would make a newer
# version look no newer than an older one to the incremental copy.
tar -m -xzf "$work/$tarball" -C "$work" "${members[@]}"

# The main library moves last: a build that sees it may rely on the others being there already.
for file in "${others[@]}" "$main"; do
  mv -f "$work/package/bin/napi-v6/$platform/$file" "$dest/$file"
done
echo "ONNX Runtime $version ($platform) cached in $dest"
