#!/usr/bin/env bash
# Installs what mailsim needs from Debian 12 / Ubuntu packages. Idempotent: does nothing when all
# are present. Works as root or through sudo.
set -euo pipefail
packages=(
  build-essential cmake pkg-config            # toolchain
  nlohmann-json3-dev doctest-dev              # core library and tests
  libssl-dev                                  # DKIM: RSA, Ed25519 and SHA-256 from OpenSSL 3
  python3-dkim                                # the DKIM interop test: dkimpy checks our signatures
  libimgui-dev libglfw3-dev python3-glad libstb-dev fonts-ipaexfont-gothic  # classroom app
  xvfb xauth libgl1-mesa-dri xdotool          # headless GUI tests and screenshots (xdotool: the pointer)
  desktop-file-utils appstream                # the menu entry and AppStream metainfo are checked
  tshark python3                              # the capture test: Wireshark must decode our pcap
  curl msmtp swaks s-nail neomutt             # real clients against `mailsim serve`
  graphviz                                    # renders the state diagrams (a test checks it can)
  clang libclang-rt-dev                       # libFuzzer targets (tests/fuzz, docs/fuzzing.md)
  python3-spf python3-yaml                    # the RFC 7208 SPF test suite (rfc7208-tests.yml.gz) and its reader
  bind9utils python3-dnspython                # the zone file test: named-checkzone and dnspython read --export-mail's zones
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
# tshark asks whether non-root users may capture; the answer does not matter here.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
