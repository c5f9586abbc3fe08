#!/bin/sh
# Installs snac2 (a small MIT-licensed ActivityPub server in C that implements the Mastodon client API)
# for the test suite: into the project's .tools/snac (gitignored), or into DEST_DIR when given.
#
#   test/setup/servers/install-snac.sh [DEST_DIR]      ->  DEST_DIR/usr/bin/snac
#
# A no-op when snac is already there and its libraries resolve. Otherwise it downloads Debian's
# trixie-backports package (2.9x, the first with DELETE /api/v1/statuses/:id; bookworm-backports' 2.75
# lacks it) with a private apt state, so the system's apt configuration is never touched, and unpacks it
# with dpkg-deb. The trixie build runs on bookworm: it needs glibc >= 2.34, libcurl.so.4 and libssl.so.3.
# When those libraries are missing (clean CI machines) and we are root, they are installed with apt-get.
#
# SNAC_DEBIAN_MIRROR overrides the Debian mirror (default: the one in this machine's apt sources, else
# http://deb.debian.org/debian).
set -eu

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DEST=${1:-$ROOT/.tools/snac}
BIN=$DEST/usr/bin/snac

die() { echo "install-snac: $*" >&2; exit 1; }

# Prints the shared libraries of $BIN that the dynamic loader cannot find, one per line.
missing_libs() {
  ldd "$BIN" 2>&1 | sed -n 's/^[[:space:]]*\([^[:space:]]*\) => not found.*/\1/p'
}

# Installs the Debian packages that provide the missing libraries (t64 names on trixie and later).
ensure_libs() {
  if ldd "$BIN" 2>&1 | grep -q "version .* not found"; then
    die "$BIN needs a newer C library: $(ldd "$BIN" 2>&1 | grep 'not found' | head -n 1)"
  fi
  libs=$(missing_libs)
  [ -n "$libs" ] || return 0
  groups=""
  for lib in $libs; do
    case $lib in
      libcurl.so.4) groups="$groups libcurl4t64|libcurl4" ;;
      libssl.so.3 | libcrypto.so.3) groups="$groups libssl3t64|libssl3" ;;
      *) die "$BIN needs $lib, and this script does not know which package provides it" ;;
    esac
  done
  if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
    die "snac needs these libraries: $(echo $libs). Install them (Debian bookworm: libcurl4 libssl3) and retry."
  fi
  echo "install-snac: installing libraries for snac: $(echo $libs)" >&2
  apt-get update -qq
  pkgs=""
  for group in $(printf '%s\n' $groups | sort -u); do
    chosen=""
    for name in $(echo "$group" | tr '|' ' '); do
      if apt-cache show --no-all-versions "$name" > /dev/null 2>&1; then chosen=$name; break; fi
    done
    [ -n "$chosen" ] || die "none of the packages $group is available from the apt sources"
    pkgs="$pkgs $chosen"
  done
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade $pkgs > /dev/null
  [ -z "$(missing_libs)" ] || die "still missing after installing$pkgs: $(echo $(missing_libs))"
}

if [ -x "$BIN" ]; then
  ensure_libs
  exit 0
fi

command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null ||
  die "needs apt-get and dpkg-deb (a Debian-based system) to download snac2"

MIRROR=${SNAC_DEBIAN_MIRROR:-}
[ -n "$MIRROR" ] || MIRROR=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\{0,1\}[[:space:]]*$/\1/p' \
  /etc/apt/sources.list.d/*.sources 2> /dev/null | head -n 1)
[ -n "$MIRROR" ] || MIRROR=$(sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\(https\{0,1\}:[^[:space:]]*\/debian\)\/\{0,1\}[[:space:]].*/\2/p' \
  /etc/apt/sources.list 2> /dev/null | head -n 1)
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian

WORK=$(mktemp -d)
PARTIAL=$DEST.partial.$$
trap 'rm -rf "$WORK" "$PARTIAL"' EXIT
trap 'exit 1' INT TERM
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial"
# Trust only Debian's archive keys (bookworm also has them in trusted.gpg.d; trixie only here).
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
if [ -r "$KEYRING" ]; then
  echo "deb [signed-by=$KEYRING] $MIRROR trixie-backports main" > "$WORK/sources.list"
else
  echo "deb $MIRROR trixie-backports main" > "$WORK/sources.list"
fi
: > "$WORK/status"
# A private apt state: our own source list, lists, cache, an empty dpkg status and no pinning.
APT="-o Dir::Etc::SourceList=$WORK/sources.list -o Dir::Etc::SourceParts=/dev/null
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
  -o Dir::State::Lists=$WORK/lists -o Dir::Cache=$WORK/cache -o Dir::State::status=$WORK/status"
[ "$(id -u)" != 0 ] || APT="$APT -o APT::Sandbox::User=root"

echo "install-snac: downloading snac2 from $MIRROR trixie-backports" >&2
# shellcheck disable=SC2086
apt-get $APT update -qq || die "apt-get update of $MIRROR trixie-backports failed"
# shellcheck disable=SC2086
(cd "$WORK" && apt-get $APT download -qq snac2) || die "could not download snac2 from $MIRROR trixie-backports"
mkdir -p "$(dirname "$DEST")"
dpkg-deb -x "$WORK"/snac2_*.deb "$PARTIAL"

# Unpacked beside the destination and renamed into place, so that a concurrent run never sees half a
# tree; when another run got there first, its copy stays (mv -T refuses a non-empty folder).
[ ! -e "$DEST" ] || [ -x "$BIN" ] || rm -rf "$DEST" # a broken earlier install
mv -T "$PARTIAL" "$DEST" 2> /dev/null || [ -x "$BIN" ] || die "could not move snac into $DEST"
ensure_libs
echo "install-snac: $("$BIN" 2>&1 | head -n 1) in $DEST" >&2
