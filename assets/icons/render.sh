#!/bin/sh
# Renders the app icon's PNG sizes from mailsim.svg (rsvg-convert: Debian's librsvg2-bin).
# The PNGs are committed, so building and installing need no SVG renderer; run this after
# changing the SVG.
set -eu
cd "$(dirname "$0")"
for n in 16 22 24 32 48 64 128 256 512; do
  rsvg-convert --width "$n" --height "$n" mailsim.svg --output "mailsim-$n.png"
done
