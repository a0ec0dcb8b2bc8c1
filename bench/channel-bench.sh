#!/usr/bin/env bash
# Cost of each host channel: one command through nsenter vs the reused SSH session (median of many runs), and the bridge
# lab's wall time with each channel (median of 3). Figures only; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=src/Cli/bin/Debug/net10.0/labspecs.dll
[ -f "$cli" ] || dotnet build LabSpecs.sln -v q -nologo >/dev/null
dotnet "$cli" bench channels "${RUNS:-200}"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
declare -A wall
for channel in nsenter ssh; do
    times=""
    for i in 1 2 3; do
        start=$(date +%s.%N)
        LABSPECS_CHANNEL=$channel LABSPECS_RESULTS=$(mktemp -d) LABSPECS_REPORTS=$(mktemp -d) \
            dotnet pwsh ./run.ps1 run -Category bridge -NoBuild >/dev/null
        times="$times $(echo "$(date +%s.%N) - $start" | awk '{ printf "%.1f", $1 - $3 }')"
    done
    wall[$channel]=$(echo $times | tr ' ' '\n' | median)
    echo "bridge lab wall time, $channel: median ${wall[$channel]} s (runs:$times s)"
done
awk -v n="${wall[nsenter]}" -v s="${wall[ssh]}" 'BEGIN { printf "bridge lab, ssh / nsenter wall time ratio: %.2f (goal <= 1.3)\n", s / n }'
