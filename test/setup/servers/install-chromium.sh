#!/bin/sh
# Finds a headless Chromium for the browser tests (accessibility checks of the HTML that announce writes)
# and prints the path of its executable. Debian's `chromium` package is used, driven by playwright-core;
# no browser is downloaded from anywhere else.
#
#   test/setup/servers/install-chromium.sh      ->  /usr/lib/chromium/chromium (for example)
#
# ANNOUNCE_TEST_CHROMIUM names an executable to use instead. When no Chromium is installed and we are
# root on a Debian-like system, the package is installed with apt-get (without recommended packages,
# with a font that covers German text); otherwise the script says what to install and fails.
set -eu

die() { echo "install-chromium: $*" >&2; exit 1; }

find_chromium() {
  if [ -n "${ANNOUNCE_TEST_CHROMIUM:-}" ]; then
    [ -x "$ANNOUNCE_TEST_CHROMIUM" ] || die "ANNOUNCE_TEST_CHROMIUM=$ANNOUNCE_TEST_CHROMIUM is not an executable"
    echo "$ANNOUNCE_TEST_CHROMIUM"
    return 0
  fi
  # The binary itself, not Debian's wrapper script in /usr/bin (which only adds desktop flags).
  for candidate in /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if find_chromium; then exit 0; fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
  die "no Chromium found. Install Debian's 'chromium' package (apt-get install chromium) or set ANNOUNCE_TEST_CHROMIUM."
fi
echo "install-chromium: installing Debian's chromium package" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core > /dev/null
find_chromium || die "apt-get installed chromium, but no executable was found"
