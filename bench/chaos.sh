#!/bin/bash
# Chaos proof (issue 24): N times, start a lab run (single-host, two-node, swarm; nsenter and ssh channel), kill -9 its whole
# process group at a random moment (boot, mid-scenario, cleanup, replacement), and check that within 15 s nothing of THAT run
# is left: network namespaces, /etc/netns entries, mounts (tmpfs included), cgroups, processes (its reaper included), links
# (bridges, taps) named after it, state and runtime directories, ledgers. A run's environments are found by their ledgers'
# owner (a PID of the killed process group), never by sweeping: other runs on this machine are left alone.
# Prints one line per kill, the kill moment of any leftover, and "N kills, M leftovers"; exits 1 on a leftover.
# Usage: bench/chaos.sh [N]   (default 5; root; NOBUILD=1 skips the build; CHAOS_SEED=S repeats a sequence of moments)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-5}
cd "$ROOT"
export REQNROLL_TELEMETRY_ENABLED=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ "${NOBUILD:-0}" = 1 ] || dotnet build -v q -nologo LabSpecs.sln >/dev/null || { echo "chaos: build failed" >&2; exit 2; }
CLI="$ROOT/src/Cli/bin/Debug/net10.0/labspecs.dll"
PATHS=$(dotnet "$CLI" paths --json) || exit 2
FILTER=$(jq -r .labsFilter <<<"$PATHS")
LEDGERS=$(jq -r .ledgers <<<"$PATHS")
RANDOM=${CHAOS_SEED:-$$}
TMP=$(mktemp -d /tmp/labspecs-chaos.XXXXXX)
PGID=
trap '[ -z "$PGID" ] || kill -9 -- "-$PGID" 2>/dev/null; rm -rf "$TMP"' EXIT

# lab category, channel, the moments it has (only labs with a costly cleanup replace their environment)
MIX=("user-defined-bridge nsenter boot,scenario,cleanup"
     "overlay-etcd nsenter boot,scenario,cleanup,replacement"
     "swarm-cluster nsenter boot,scenario,cleanup,replacement"
     "bridge ssh boot,scenario,cleanup"
     "docker-machine ssh boot,scenario,cleanup,replacement")

ms() { date +%s%3N; }
pause_ms() { sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"; }

# Ledgers (one file per environment id) whose owner is one of the PIDs in $TMP/pids.
own_ids() {
    compgen -G "$LEDGERS/ls-*.json" >/dev/null || return 0
    jq -r '"\(.OwnerPid) \(.Id)"' "$LEDGERS"/ls-*.json 2>/dev/null | awk 'NR == FNR { mine[$1] = 1; next } mine[$1] { print $2 }' "$TMP/pids" -
}

# Steps started in the run's messages that are hooks of the given Cucumber type (e.g. AFTER_TEST_CASE).
hook_steps_started() {
    jq -s --arg type "$2" '(map(select(.hook.type == $type) | .hook.id)) as $hooks
        | (map(select(.testCase) | .testCase.testSteps[] | select(.hookId) | select(.hookId as $h | $hooks | index($h)) | .id)) as $steps
        | [.[] | select(.testStepStarted) | select(.testStepStarted.testStepId as $s | $steps | index($s))] | length' "$1" 2>/dev/null || echo 0
}

# Where the run was when killed, from its flushed messages: the step or hook that had started and not finished.
where_killed() {
    jq -rs '(map(select(.pickle) | .pickle.steps[] | {key: .id, value: .text}) | from_entries) as $words
        | (map(select(.hook) | {key: .hook.id, value: .hook.type}) | from_entries) as $hooks
        | (map(select(.testCase) | .testCase.testSteps[] | {key: .id, value: (if .hookId then "hook " + ($hooks[.hookId] // "?") else "step: " + ($words[.pickleStepId] // "?") end)}) | from_entries) as $steps
        | (map(select(.testStepFinished) | .testStepFinished.testStepId) ) as $done
        | ([.[] | select(.testStepStarted) | .testStepStarted.testStepId | select(. as $s | $done | index($s) | not)] | last) as $open
        | if $open then "in " + $steps[$open] elif any(.testCaseStarted) then "between steps" else "before the first scenario" end' "$1" 2>/dev/null || echo "before any message"
}

# What is left of environment $1 (empty when nothing).
leftovers_of() {
    local id=$1 p
    ls -d /run/netns/"$id"-* /etc/netns/"$id"-* /run/labspecs/"$id" /var/lib/labspecs/"$id" "$LEDGERS/$id.json" /sys/fs/cgroup/*/labspecs/"$id" 2>/dev/null
    grep -F "$id" /proc/self/mountinfo | awk '{ print "mount " $5 }'
    ip -o link show 2>/dev/null | grep -F "$id" | awk -F': ' '{ print "link " $2 }'
    for p in $(grep -lF "labspecs/$id" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3); do echo "process $p in its cgroup: $(tr '\0' ' ' 2>/dev/null </proc/$p/cmdline)"; done
    for p in $(pgrep -f -- "$id" 2>/dev/null); do [ "$p" != $$ ] && echo "process $p naming it: $(tr '\0' ' ' 2>/dev/null </proc/$p/cmdline)"; done
}

kills=0 leftover=0 skipped=0
for i in $(seq "$N"); do
    read -r category channel moments <<<"${MIX[$(( (i - 1) % ${#MIX[@]} ))]}"
    IFS=, read -ra choices <<<"$moments"
    moment=${choices[$((RANDOM % ${#choices[@]}))]}
    reports=$TMP/reports-$i; : >"$TMP/pids"; : >"$TMP/ids-$i"
    # its own session and process group, as a terminal's Ctrl-C or a CI timeout sees a test run
    LABSPECS_CHANNEL=$channel LABSPECS_REPORTS=$reports setsid dotnet test src/StepDefinitions --no-build --nologo \
        --filter "$FILTER&Category=$category" >"$TMP/run-$i.log" 2>&1 &
    PGID=$!
    messages=$reports/$(jq -r .messages <<<"$PATHS")
    start=$(ms) armed= delay=0 seen=0 before=
    while kill -0 "$PGID" 2>/dev/null; do
        pgrep -g "$PGID" >>"$TMP/pids"; sort -u -o "$TMP/pids" "$TMP/pids"
        own_ids >>"$TMP/ids-$i"; sort -u -o "$TMP/ids-$i" "$TMP/ids-$i"
        n=$(own_ids | wc -l)
        case $moment in
            boot) [ "$n" -ge 1 ] && armed=1 delay=$((RANDOM % 1500)) ;;
            # an environment of the run added or removed after its first scenario ended: a replacement (or the release after it)
            replacement) if grep -q '"testCaseFinished"' "$messages" 2>/dev/null; then
                             [ -z "$before" ] && before=$(own_ids | sort | tr '\n' ' ')
                             [ "$(own_ids | sort | tr '\n' ' ')" != "$before" ] && armed=1 delay=$((RANDOM % 1000))
                         fi ;;
            scenario) grep -q '"testCaseStarted"' "$messages" 2>/dev/null && armed=1 delay=$((RANDOM % 4000)) ;;
            cleanup) [ "$(hook_steps_started "$messages" AFTER_TEST_CASE)" -gt "$seen" ] 2>/dev/null && armed=1 delay=$((RANDOM % 200)) ;;
        esac
        [ -n "$armed" ] && break
        [ $(( $(ms) - start )) -gt 240000 ] && break
        pause_ms 50
    done
    if [ -z "$armed" ] || ! kill -0 "$PGID" 2>/dev/null; then
        echo "run $i: $category over $channel ended before the moment '$moment' (no kill; log $TMP/run-$i.log)"
        kill -9 -- "-$PGID" 2>/dev/null; wait "$PGID" 2>/dev/null; PGID=; skipped=$((skipped + 1)); continue
    fi
    pause_ms "$delay"
    pgrep -g "$PGID" >>"$TMP/pids"; sort -u -o "$TMP/pids" "$TMP/pids"
    kill -9 -- "-$PGID" 2>/dev/null
    killed=$(ms)
    wait "$PGID" 2>/dev/null; group=$PGID PGID=
    kills=$((kills + 1))
    # every environment its ledgers named, while it ran or after the kill (the reaper may be quicker than this line)
    ids=$({ own_ids; cat "$TMP/ids-$i"; } | sort -u | tr '\n' ' ')
    at="$moment +$(awk -v m="$delay" 'BEGIN { printf "%.2f", m / 1000 }') s, $(where_killed "$messages")"
    # within 15 s nothing of it may be left: its environments, its reaper, its processes
    left=
    while :; do
        left=$(for id in $ids; do leftovers_of "$id"; done
               for p in $(cat "$TMP/pids"); do pgrep -f -- "reap $p " >/dev/null && echo "reaper of $p still running"; done
               pgrep -g "$group" 2>/dev/null | sed 's/^/process of the killed group: /')
        [ -z "$left" ] && break
        [ $(( $(ms) - killed )) -gt 15000 ] && break
        pause_ms 250
    done
    took=$(awk -v a="$killed" -v b="$(ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
    # gone, but only after the 15 s a kill may take to be cleaned up: a leftover all the same
    [ -z "$left" ] && [ $(( $(ms) - killed )) -gt 15000 ] && left="everything above was still there at 15 s (gone after ${took} s)"
    if [ -n "$left" ]; then
        leftover=$((leftover + 1))
        echo "kill $kills: $category over $channel at $at; environments: ${ids:-none}; LEFT after ${took} s:"
        sed 's/^/    /' <<<"$left"
    else
        echo "kill $kills: $category over $channel at $at; environments: ${ids:-none}; nothing left after ${took} s"
    fi
done
echo "$kills kills, $leftover leftovers$([ "$skipped" -eq 0 ] || echo " ($skipped runs ended before their moment: not counted)")"
[ "$leftover" -eq 0 ] && [ "$kills" -gt 0 ]
