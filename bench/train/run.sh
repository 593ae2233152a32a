#!/usr/bin/env bash
# Training throughput, ours vs PyTorch 1.13, alternating single steps: bench/train/run.sh [--width 0.25 --batch 128 --threads 2 --steps 30 --precision fp32|bf16]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/TrainBench.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet "$here/bin/Release/net10.0/TrainBench.dll" "$@"
