#!/usr/bin/env bash
# The learner's edit loop, measured: `labspecs watch FILE:LINE` on a copy of a lab, then N saves that change a word of the
# scenario's title; for each save, the time from the save to the watch printing the first step's outcome (the goal: at most
# 1 s plus the scenario's own first command), and the whole rerun. Medians per lab. Then Ctrl-C (SIGINT to the watch's
# process group, as a terminal sends it) and a check that nothing of its environment is left (namespaces, dockerd).
#
#   bash bench/watch-bench.sh [SAVES]            # default 7 saves each, netns (05) and bridge (06) labs
#   NOBUILD=1 bash bench/watch-bench.sh 5        # without building first
set -euo pipefail
set -m   # background jobs in their own process group, SIGINT not ignored: the watch gets Ctrl-C as from a terminal
root=$(cd "$(dirname "$0")/.." && pwd)
saves=${1:-7}
cli="$root/src/StepDefinitions/bin/Debug/net10.0/labspecs.dll"
[[ ${NOBUILD:-} == 1 ]] || dotnet build "$root/src/StepDefinitions" -nologo -v q -clp:ErrorsOnly >/dev/null
work=$(mktemp -d /tmp/labspecs-watch-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
count() { grep -c -E "$1" "$2" || true; }
wait_for() { # pattern, file, minimum count, timeout in seconds
    local deadline=$(( $(ms) + $4 * 1000 ))
    while (( $(count "$1" "$2") < $3 )); do
        (( $(ms) < deadline )) || { echo "timed out waiting for /$1/ in $2:" >&2; tail -30 "$2" >&2; return 1; }
        sleep 0.02
    done
}

bench_lab() { # label, feature file, line of the scenario
    local label=$1 feature=$2 line=$3
    local features="$work/$label/features" log="$work/$label/watch.log"
    mkdir -p "$features/docker"
    local copy="$features/docker/$(basename "$feature")"
    cp "$feature" "$copy"
    LABSPECS_FEATURES="$features" LABSPECS_REPORTS="$work/$label/reports" dotnet "$cli" watch "$copy:$line" >"$log" 2>&1 &
    local pid=$!
    wait_for '^\[.*\] watching ' "$log" 1 120
    local env_id; env_id=$(grep -m1 -oE '^environment ls-[0-9a-f]+' "$log" | cut -d' ' -f2)
    local first=() whole=()
    for i in $(seq 1 "$saves"); do
        local outcomes; outcomes=$(count '^  [✓✗~-] ' "$log")
        local done_before; done_before=$(count '^\[.*\] watching ' "$log")
        local t0; t0=$(ms)
        sed -i "${line}s/\$/ x/" "$copy"   # a word more in the scenario's title: the file changed, the scenario did not
        wait_for '^  [✓✗~-] ' "$log" $((outcomes + 1)) 60
        first+=($(( $(ms) - t0 )))
        wait_for '^\[.*\] watching ' "$log" $((done_before + 1)) 120
        whole+=($(( $(ms) - t0 )))
    done
    local step; step=$(grep -m1 -oE '^  [✓✗] .*\[(passed|failed), [0-9.]+ s\]' "$log" | grep -oE '[0-9.]+ s\]' | tr -d ' s]')
    kill -INT -- -"$pid"
    wait "$pid" || true
    local left_ns; left_ns=$(ip netns list | grep -c "^$env_id" || true)
    local left_dockerd; left_dockerd=$(pgrep -fc "/run/labspecs/$env_id/" || true)
    printf '%-7s save -> first step outcome: median %s ms (each: %s); save -> rerun done: median %s ms; first step itself %s s\n' \
        "$label" "$(printf '%s\n' "${first[@]}" | median)" "${first[*]}" "$(printf '%s\n' "${whole[@]}" | median)" "${step:-?}"
    printf '%-7s after Ctrl-C: %s namespace(s) and %s process(es) of %s left; last lines: %s\n' \
        "$label" "$left_ns" "$left_dockerd" "$env_id" "$(tail -1 "$log")"
}

echo "watch bench: $saves saves per lab, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
bench_lab netns "$root/features/docker/05-linux-network-namespace.feature" 12
bench_lab bridge "$root/features/docker/06-bridge-networking-deep-dive.feature" 12
