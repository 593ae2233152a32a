#!/usr/bin/env bash
# Idempotent set-up: Debian packages (environment/apt-packages.txt), npm assets (environment/package.json) and a
# Release build of the solution. Each step is skipped when already done, so `./vvs` can call this every time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "[setup] $*" >&2; }

# 1. Debian packages.
mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$root/environment/apt-packages.txt" | grep -v '^$')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -n "$sudo" ] && ! command -v sudo >/dev/null; then
    echo "error: these Debian packages are missing and this user cannot install them: ${missing[*]}" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. npm assets (plotly.js for standalone HTML figures).
if [ ! -f "$root/environment/node_modules/.package-lock.json" ] || [ "$root/environment/package.json" -nt "$root/environment/node_modules/.package-lock.json" ]; then
  log "installing npm assets"
  (cd "$root/environment" && npm install --no-audit --no-fund --silent >/dev/null)
fi

# 3. Release build, when any source is newer than the last successful build.
stamp="$root/.vvs/build.stamp"
if [ ! -f "$stamp" ] || [ ! -f "$root/.vvs/cli/vvs.dll" ] || [ -n "$(find "$root/src" "$root/data-manifests" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
     -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  log "building (Release)"
  dotnet build "$root/VvsNotebook.slnx" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  # The launcher and the kernelspec run a ReadyToRun copy of the CLI: Roslyn then starts precompiled, which
  # roughly halves the kernel's cold start and trims every cell's compile (bench/kernel/run).
  rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
  log "publishing the CLI ReadyToRun ($rid) to .vvs/cli"
  rm -rf "$root/.vvs/cli.new"
  dotnet publish "$root/src/VvsNotebook.Cli" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
    -o "$root/.vvs/cli.new" -nologo -v quiet -clp:ErrorsOnly >&2
  rm -rf "$root/.vvs/cli" && mv "$root/.vvs/cli.new" "$root/.vvs/cli"
  touch "$stamp"
fi
