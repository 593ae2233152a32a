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
  rm -f "$root/.vvs/package-version"
  touch "$stamp"
fi

# 3b. libtorch: TorchSharp's natives load from the restored NuGet packages. On systems with GCC 12's libstdc++
# (Debian 12, Ubuntu 22.04) libLibTorchSharp.so's marker-only GLIBCXX_3.4.32 need is made weak in a cached copy
# (src/VvsNotebook.Training/Runtime/LibStdCxxCompatibility.cs); `vvs torch` applies it once and says what it did.
torch_stamp="$root/.vvs/torch.stamp"
if [ ! -f "$torch_stamp" ] || [ "$stamp" -nt "$torch_stamp" ]; then
  if ! torch_json="$(dotnet "$root/.vvs/cli/vvs.dll" torch --json -)"; then
    echo "error: libtorch does not load on this machine (see the message above)" >&2; exit 1
  fi
  fix="$(printf '%s' "$torch_json" | sed -n 's/.*"libstdcxx_fix": "\(.*\)",*$/\1/p')"
  log "libtorch $(printf '%s' "$torch_json" | sed -n 's/.*"libtorch_version": "\(.*\)".*/\1/p') loads; libstdc++ fix: ${fix:-not needed}"
  touch "$torch_stamp"
fi

# 4. The VvsNotebook packages in local-feed/, so `#r "nuget:VvsNotebook"` (and `#r "nuget:VvsNotebook.Torch"`, which
# adds torch for training) work right after set-up. Each build gets a
# new stable version (0.1.<seconds since 2026-01-01>), so no NuGet cache can serve an older build under the same
# number, and `#r "nuget:VvsNotebook"` (the latest release version) picks the newest. Older builds leave the feed.
version_file="$root/.vvs/package-version"
if [ ! -f "$version_file" ] || [ ! -f "$root/local-feed/VvsNotebook.$(cat "$version_file").nupkg" ] \
   || [ ! -f "$root/local-feed/VvsNotebook.Core.$(cat "$version_file").nupkg" ] \
   || [ ! -f "$root/local-feed/VvsNotebook.Torch.$(cat "$version_file").nupkg" ]; then
  version="0.1.$(( ($(date -u +%s) - $(date -u -d 2026-01-01 +%s)) ))"
  log "packing VvsNotebook $version into local-feed/"
  rm -f "$root"/local-feed/VvsNotebook.*.nupkg
  for project in VvsNotebook VvsNotebook.Interactive VvsNotebook.Torch; do
    dotnet pack "$root/src/$project" -c Release --no-build -p:PackageVersion="$version" -nologo -v quiet -clp:ErrorsOnly >&2
  done
  echo "$version" > "$version_file"
fi

# 5. The .NET Interactive host, pinned in .config/dotnet-tools.json (`dotnet tool run dotnet-interactive`).
host_version="$(sed -n 's/.*"version": "\([0-9.]*\)".*/\1/p' "$root/.config/dotnet-tools.json" | head -1)"
if [ ! -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.dotnet-interactive/$host_version" ]; then
  log "restoring the pinned .NET Interactive host (dotnet tool restore)"
  (cd "$root" && dotnet tool restore >/dev/null)
fi
