#!/usr/bin/env bash
# Cost of each host channel: one command through nsenter vs the reused SSH session (median of many runs), and the bridge
# lab's wall time with each channel (PAIRS alternating runs, default 3; ratio per pair). Figures only; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=src/Cli/bin/Debug/net10.0/labspecs.dll
[ -f "$cli" ] || dotnet build LabSpecs.sln -v q -nologo >/dev/null
dotnet "$cli" bench channels "${RUNS:-200}"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
run_bridge() { # channel -> wall seconds of the bridge lab run on it
    local start; start=$(date +%s.%N)
    LABSPECS_CHANNEL=$1 LABSPECS_RESULTS=$(mktemp -d) LABSPECS_REPORTS=$(mktemp -d) dotnet pwsh ./run.ps1 run -Category bridge -NoBuild >/dev/null
    echo "$(date +%s.%N) $start" | awk '{ printf "%.1f", $1 - $2 }'
}
# paired: nsenter, ssh, nsenter, ssh ... so a drift of the machine's speed hits both alike; the ratio is taken per pair
n=""; s=""; r=""
for _ in $(seq "${PAIRS:-3}"); do
    a=$(run_bridge nsenter); b=$(run_bridge ssh)
    n="$n $a"; s="$s $b"; r="$r $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')"
done
echo "bridge lab wall time, nsenter: median $(echo $n | tr ' ' '\n' | median) s (runs:$n s)"
echo "bridge lab wall time, ssh:     median $(echo $s | tr ' ' '\n' | median) s (runs:$s s)"
echo "bridge lab, ssh / nsenter wall time ratio: median $(echo $r | tr ' ' '\n' | median) of pairs ($r) (goal <= 1.3)"
