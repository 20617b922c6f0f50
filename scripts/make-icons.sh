#!/usr/bin/env bash
# Draws Waybill's app icons with ImageMagick: a rounded teal square carrying a white "W" drawn as a
# delivery route (a polyline with waypoint dots). One 1024 px master is drawn and scaled down, so
# every size shares the same geometry. Tauri needs RGBA PNGs, hence the PNG32: prefix everywhere.
# Usage: scripts/make-icons.sh [OUT_DIR]   (default: icons/ at the repo root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/icons}"
# The real ImageMagick; a `convert` earlier on PATH may be something else.
convert=/usr/bin/convert
[[ -x $convert ]] || { echo "make-icons: $convert not found (apt-get install imagemagick)" >&2; exit 1; }

mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Master, 1024x1024. The tile leaves a 64 px margin (macOS-style safe area) and a soft shadow.
"$convert" -size 1024x1024 xc:none \
  \( -size 896x896 gradient:'#2bb3a3'-'#1c5f9e' -alpha set \
     \( -size 896x896 xc:none -fill white -draw 'roundrectangle 0,0 895,895 200,200' \) \
     -compose DstIn -composite \) \
  -geometry +64+64 -compose Over -composite \
  "$work/tile.png"

# Shadow under the tile, then the route-"W": four legs, round joints, a dot at each stop.
"$convert" "$work/tile.png" \
  \( +clone -background '#0b2a45' -shadow 35x18+0+14 \) +swap \
  -background none -layers merge +repage -gravity center -extent 1024x1024 \
  -stroke white -strokewidth 78 -fill none \
  -draw "stroke-linecap round stroke-linejoin round polyline 262,340 382,700 512,430 642,700 762,340" \
  -stroke none -fill white \
  -draw "circle 262,340 262,402" -draw "circle 762,340 762,402" \
  -fill '#1c5f9e' -draw "circle 262,340 262,366" -draw "circle 762,340 762,366" \
  -fill white -draw "circle 512,430 512,470" \
  "PNG32:$work/master.png"

size() { "$convert" "$work/master.png" -filter Lanczos -resize "${1}x${1}" "PNG32:$2"; }
size 32 "$out/32x32.png"
size 128 "$out/128x128.png"
size 256 "$out/128x128@2x.png"
size 512 "$out/icon.png"

# Windows .ico with the usual sizes in one file.
for s in 16 24 32 48 64 256; do size "$s" "$work/ico-$s.png"; done
"$convert" "$work"/ico-{16,24,32,48,64,256}.png "$out/icon.ico"

# macOS .icns: ImageMagick 6 cannot write it, but the format is just a header plus PNG chunks
# (ic07=128, ic08=256, ic09=512, ic10=1024), so a few lines of Python write it.
if command -v python3 >/dev/null; then
  size 128 "$work/icns-128.png"; size 256 "$work/icns-256.png"; size 512 "$work/icns-512.png"
  cp "$work/master.png" "$work/icns-1024.png"
  python3 - "$work" "$out/icon.icns" <<'PY'
import struct, sys
work, dest = sys.argv[1], sys.argv[2]
chunks = b""
for kind, px in ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024)):
    data = open(f"{work}/icns-{px}.png", "rb").read()
    chunks += kind + struct.pack(">I", len(data) + 8) + data
open(dest, "wb").write(b"icns" + struct.pack(">I", len(chunks) + 8) + chunks)
PY
else
  echo "make-icons: python3 missing, skipped icon.icns" >&2
fi

echo "make-icons: wrote $(cd "$out" && echo 32x32.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns) to $out"
