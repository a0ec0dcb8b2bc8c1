#!/usr/bin/env bash
# Prints how long each lab takes on its own (one `dotnet test --filter Category=<lab tag>` each, environment creation
# included), then each whole set in one run (features in parallel, environments pooled). Figures, not assertions.
# Usage: bench/lab-timings.sh [single-host|multi-host|all] [tag ...]   (build first: dotnet build src/StepDefinitions)
set -uo pipefail
cd "$(dirname "$0")/.."
export REQNROLL_TELEMETRY_ENABLED=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
single=(engine cli base-image network-overview netns bridge port-mapping docker0 user-defined-bridge host-network)
multi=(overlay-etcd compose-networking compose-lb swarm-cluster swarm-service swarm-lb openvswitch flannel)
set_name=${1:-all}
shift $(( $# > 0 ? 1 : 0 ))
tags=("$@")

run() { # filter -> "seconds result-line"
    local start end line
    start=$(date +%s.%N)
    line=$(dotnet test src/StepDefinitions --no-build --filter "$1" 2>&1 | grep -E '^(Passed|Failed)!' | tail -1)
    end=$(date +%s.%N)
    printf "%6.1f s  %s\n" "$(awk -v a="$start" -v b="$end" "BEGIN{print b-a}")" "${line:-no result (see dotnet test output)}"
}

printf '%-22s %s\n' "lab (tag)" "wall time, dotnet test summary"
if [ ${#tags[@]} -eq 0 ]; then
    case "$set_name" in
        single-host) tags=("${single[@]}") ;;
        multi-host) tags=("${multi[@]}") ;;
        all) tags=("${single[@]}" "${multi[@]}") ;;
        *) echo "unknown set '$set_name' (single-host, multi-host, all)" >&2; exit 2 ;;
    esac
fi
for t in "${tags[@]}"; do
    printf '%-22s ' "$t"; run "Category=$t"
done
if [ "$set_name" != multi-host ]; then printf '%-22s ' "all (single-host)"; run "Category=single-host"; fi
if [ "$set_name" != single-host ]; then
    printf '%-22s ' "overlay"; run "Category=overlay"
    printf '%-22s ' "all (multi-host)"; run "Category=multi-host|Category=compose"
fi
