#!/usr/bin/env bash
# Scaling-law fits, ours vs the scipy reference, side by side: see bench/fit/README.md. Arguments go to `vvs bench fit`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/vvs" bench fit "$@"
