#!/usr/bin/env bash
# Compiles installer.nsi with makensis -WX (warnings are errors) against a payload folder.
#
#   scripts/build_installer.sh [--payload DIR] [--version X.Y.Z] [--compressor zlib] [--out FILE]
#
# Without --payload it builds against a generated stub payload (fake dmp-desktop.exe and friends): that
# checks the script, not the program; CI does exactly this. The real payload is the PyInstaller one-folder
# build, which only a Windows machine can make (PyInstaller does not cross-compile):
#   on Windows:  pyinstaller --noconfirm --clean packaging\dmp-desktop.spec      -> dist\dmp-desktop\
#   then (Windows, or here with --payload):  makensis -WX -DVERSION=x.y.z -DPAYLOAD=dist\dmp-desktop installer.nsi
# Step by step: docs/windows-build.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
payload=""
version=""
compressor=""
out=""
usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --payload) payload=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --compressor) compressor=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build_installer.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

command -v makensis >/dev/null || { echo "build_installer.sh: makensis not found (apt-get install nsis)" >&2; exit 1; }
if [[ -z $version ]]; then
  # The package's own version: one place to bump.
  version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$repo/src/dmp_desktop/__init__.py")
fi
[[ -n $out ]] || out="$repo/build/dmp-desktop-$version-setup.exe"
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [[ -z $payload ]]; then
  payload=$scratch/payload
  mkdir -p "$payload/_internal/dmp_desktop/resources"
  printf 'MZ stub: not a real program\n' > "$payload/dmp-desktop.exe"
  printf 'MZ stub: not a real program\n' > "$payload/dmp-desktop-cli.exe"
  cp -r "$repo/resources/training-cards" "$payload/_internal/dmp_desktop/resources/"
  echo "build_installer.sh: stub payload (use --payload for the real PyInstaller build)"
fi
payload=$(cd "$payload" && pwd)

# PYTHON (environment): the interpreter makensis runs packaging/nsis_filelist.py with.
args=(-WX -V2 "-DVERSION=$version" "-DPAYLOAD=$payload" "-DOUTFILE=$out" "-DPYTHON=${PYTHON:-python3}")
[[ -z $compressor ]] || args+=("-DCOMPRESSOR=$compressor")
# makensis writes its temporary files (and the payload list) in TMPDIR: keep them in our scratch folder.
TMPDIR=$scratch makensis "${args[@]}" "$repo/installer.nsi"
echo "build_installer.sh: $out ($(du -h "$out" | cut -f1))"
