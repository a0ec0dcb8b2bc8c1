#!/usr/bin/env bash
# Prints how long each multi-host lab takes on its own (one `dotnet test --filter Category=<lab tag>` each, environment
# creation included), then the whole multi-host set in one run (features in parallel, environments pooled).
# Usage: bench/multi-host-timings.sh [tag ...]     (build first: dotnet build src/StepDefinitions)
set -uo pipefail
cd "$(dirname "$0")/.."
export REQNROLL_TELEMETRY_ENABLED=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tags=("$@")
[ ${#tags[@]} -gt 0 ] || tags=(overlay-etcd compose-networking compose-lb swarm-cluster swarm-service swarm-lb openvswitch flannel)

run() { # filter -> "seconds result-line"
    local start end line
    start=$(date +%s.%N)
    line=$(dotnet test src/StepDefinitions --no-build --filter "$1" 2>&1 | grep -E '^(Passed|Failed)!' | tail -1)
    end=$(date +%s.%N)
    printf "%6.1f s  %s\n" "$(awk -v a="$start" -v b="$end" "BEGIN{print b-a}")" "${line:-no result (see dotnet test output)}"
}

printf '%-22s %s\n' "lab (tag)" "wall time, dotnet test summary"
for t in "${tags[@]}"; do
    printf '%-22s ' "$t"; run "Category=$t"
done
printf '%-22s ' "overlay"; run "Category=overlay"
printf '%-22s ' "all (multi-host)"; run "Category=multi-host|Category=compose"
