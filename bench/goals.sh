#!/bin/bash
# Every figure of the speed goals (issue 13) in one run, each next to its goal. Figures, never assertions.
#   1. all lab scenarios (dotnet test of the lab assembly): wall time, cleanup + reset share, framework time per step
#   2. environment ready: 1 / 2 / 4 / 16 hosts (median of ROUNDS), RSS of the 16-host environment
#   3. pull nginx on a fresh host (median over 4 hosts), and A/B with layer seeding off (paired runs, ratio per pair)
#   4. image catalog first build, into a scratch store (downloads the Debian packages again; SKIP_FIRST_BUILD=1 skips it)
#   5. each host image's first build into a scratch store and its cached check (HOST_ENGINES, default "20.10 26 latest")
#   6. two qemu VMs ready (sshd and dockerd; provider vm), each boot's split (kernel, initrd, systemd to dockerd), KVM or TCG,
#      and the OVS lab (07-overlay-ovs-gre, all 3 scenarios) on VMs, wall (SKIP_VM=1 skips both)
# Usage: bench/goals.sh [rounds]   (default 3). Run as root on a machine set up by run.ps1 setup. Takes ~6-8 min.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-3}
cd "$ROOT"
export LABSPECS_ROOT=$ROOT REQNROLL_TELEMETRY_ENABLED=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ "${NOBUILD:-0}" = 1 ] || dotnet build -v q -nologo LabSpecs.sln >/dev/null
LABSPECS=$ROOT/src/Cli/bin/Debug/net10.0/labspecs
TMP=$(mktemp -d /tmp/labspecs-bench.XXXXXX)
ENV_ID=
cleanup() { [ -z "$ENV_ID" ] || "$LABSPECS" env down "$ENV_ID" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else print v[int((NR + 1) / 2)] }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
up() { # topology [env file] -> ENV_ID, READY (from the last line of `env up --json`)
    LABSPECS_ENVIRONMENT_FILE=${2:-} "$LABSPECS" env up "$1" --json >"$TMP/up.txt"
    ENV_ID=$(tail -1 "$TMP/up.txt" | jq -r .id)
    READY=$(tail -1 "$TMP/up.txt" | jq -r '.readySeconds * 100 | round / 100')
}
down() { "$LABSPECS" env down "$ENV_ID" >/dev/null; ENV_ID=; }
rss_mib() { # environment id -> sum of VmRSS of all its processes, MiB
    local total=0 kb
    for p in $(cat $(find "/sys/fs/cgroup/pids/labspecs/$1" -name cgroup.procs) 2>/dev/null); do
        kb=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || true); total=$((total + ${kb:-0}))
    done
    echo $((total / 1024))
}
row() { printf '| %-52s | %-34s | %-16s |\n' "$1" "$2" "$3"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The machine's own speed drifts over a day (this VM's: by a quarter and more, with the same code): two probes that involve
# no LabSpecs code, at start and end, so figures of different runs can be compared. CPU ms of `dockerd --version` (Go
# start-up of the engine binary, which every host boot and container start pays; median of 9) and µs per fork + exec of
# /bin/true (a command on a host costs a few of those; 200 in a row).
speed() {
    local ms us t0
    # the engine of the default host image (this machine has none of its own), run in its root
    local root; root=$(ls -d /var/lib/labspecs/host-images/20.10-*/root 2>/dev/null | tail -1)
    ms=$(for _ in 1 2 3 4 5 6 7 8 9; do /usr/bin/time -f '%U %S' chroot "$root" /usr/sbin/dockerd --version 2>&1 >/dev/null | awk '{printf "%d\n", ($1 + $2) * 1000}'; done | median)
    t0=$(date +%s%N); for _ in $(seq 200); do /bin/true; done; us=$(( ($(date +%s%N) - t0) / 200000 ))
    echo "dockerd --version ${ms} ms CPU, fork+exec ${us} µs"
}
START_LOAD=$(load)
START_SPEED=$(speed)
echo "== LabSpecs speed goals, $(date -u +%FT%TZ), $(nproc) cores, load average $START_LOAD at start, $ROUNDS rounds"
echo "   machine speed probe at start: $START_SPEED"

echo "-- labs (dotnet test of the lab assembly) ..."
t0=$(now)
LABSPECS_REPORTS=$TMP/reports dotnet test src/StepDefinitions --no-build --results-directory "$TMP" --logger "trx;LogFileName=labs.trx" \
    >"$TMP/labs.log" 2>&1 || echo "   (some labs failed: $TMP/labs.log)"
LABS_WALL=$(secs "$t0" "$(now)")
LABS_SUMMARY=$("$LABSPECS" summary --pass "$TMP/labs.trx=$TMP/reports" --json | jq -r '"\(.passed) passed, \(.failed) failed, \(.skipped) skipped"' || true)
"$LABSPECS" figures --messages "$TMP/reports/labspecs-report.ndjson" | sed 's/^/   /'
"$LABSPECS" figures --messages "$TMP/reports/labspecs-report.ndjson" --json >"$TMP/suite.json"
SUITE_MSG=$(jq -r '.wallSeconds * 10 | round / 10' "$TMP/suite.json")
SHARE=$(jq -r '.cleanupSharePercent | round' "$TMP/suite.json")
FRAMEWORK=$(jq -r '.frameworkMsPerStep * 10 | round / 10' "$TMP/suite.json")

echo "-- environments ready ..."
declare -A READY_OF
for topo in single-host two-node swarm sixteen-host; do
    file=; [ "$topo" = sixteen-host ] && file=$ROOT/bench/topologies.yml
    : >"$TMP/ready-$topo"
    for _ in $(seq "$ROUNDS"); do
        up "$topo" "$file"; echo "$READY" >>"$TMP/ready-$topo"
        if [ "$topo" = sixteen-host ]; then sleep 2; rss_mib "$ENV_ID" >>"$TMP/rss16"; fi
        down
    done
    READY_OF[$topo]="$(median <"$TMP/ready-$topo") s (range $(range <"$TMP/ready-$topo"))"
    echo "   $topo: ${READY_OF[$topo]}"
done
RSS16="$(median <"$TMP/rss16") MiB"

echo "-- pulls ..."
up swarm
for a in 100 101 102 103; do
    ip netns exec "$ENV_ID-u" ssh root@192.168.99.$a 's=$(date +%s%N); docker pull -q nginx >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))' \
        | awk '{ printf "%.2f\n", $1 / 1000 }' >>"$TMP/pull"
done
# the same hosts after "docker rmi": the layers really travel and unpack (what a pull cost before seeding)
for a in 100 101 102 103; do
    ip netns exec "$ENV_ID-u" ssh root@192.168.99.$a 'docker rmi -f nginx >/dev/null; s=$(date +%s%N); docker pull -q nginx >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))' \
        | awk '{ printf "%.2f\n", $1 / 1000 }' >>"$TMP/repull"
done
down
PULL="$(median <"$TMP/pull") s (range $(range <"$TMP/pull"))"
REPULL="$(median <"$TMP/repull") s"
echo "   nginx on a fresh host: $PULL; again after docker rmi (what rmi removed is transferred): $REPULL"
AB=n/a
# whole "environment up, pull nginx, down" with seeding on (A) and off (B), paired A B A B ..., ratio per pair, median
cat >"$TMP/up-pull.sh" <<SH
#!/bin/bash
set -e
id=\$("$LABSPECS" env up single-host --json | tail -1 | jq -r .id)
curl -fsS --unix-socket /run/labspecs/\$id/docker-host/run/docker.sock -X POST 'http://docker/images/create?fromImage=nginx&tag=latest' >/dev/null
"$LABSPECS" env down "\$id" >/dev/null
SH
chmod +x "$TMP/up-pull.sh"
: >"$TMP/ab-a"; : >"$TMP/ab-b"; : >"$TMP/ab-ratio"
for _ in $(seq "$ROUNDS"); do
    t0=$(now); "$TMP/up-pull.sh" >/dev/null 2>&1 || true; a=$(secs "$t0" "$(now)")
    t0=$(now); LABSPECS_SEED_LAYERS=0 "$TMP/up-pull.sh" >/dev/null 2>&1 || true; b=$(secs "$t0" "$(now)")
    echo "$a" >>"$TMP/ab-a"; echo "$b" >>"$TMP/ab-b"; awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f\n", a / b }' >>"$TMP/ab-ratio"
done
AB="$(median <"$TMP/ab-ratio") (seeded $(median <"$TMP/ab-a") s, unseeded $(median <"$TMP/ab-b") s, medians of $ROUNDS pairs)"
echo "   up + pull nginx + down, seeded/unseeded: $AB"

FIRST=skipped
if [ "${SKIP_FIRST_BUILD:-0}" != 1 ]; then
    echo "-- image catalog first build (scratch store, downloads included) ..."
    STORE=$(mktemp -d /var/lib/labspecs/bench-store.XXXXXX)
    t0=$(now)
    LABSPECS_IMAGE_STORE=$STORE bash environments/embedded/build-images.sh >"$TMP/first.log" 2>&1 && FIRST="$(secs "$t0" "$(now)") s" || FIRST="failed: $(tail -1 "$TMP/first.log")"
    rm -rf "$STORE"
    echo "   $FIRST"
fi

declare -A HOST_FIRST HOST_CHECK
HOST_ENGINES=${HOST_ENGINES:-20.10 26 latest}
if [ "${SKIP_FIRST_BUILD:-0}" != 1 ]; then
    for engine in $HOST_ENGINES; do
        echo "-- host image $engine: first build (scratch store, downloads included), then the cached check 3 times ..."
        STORE=$(mktemp -d /var/lib/labspecs/bench-host-images.XXXXXX)
        t0=$(now)
        "$LABSPECS" images hosts "$engine" --store "$STORE" >"$TMP/host-$engine.log" 2>&1 \
            && HOST_FIRST[$engine]="$(secs "$t0" "$(now)") s" || HOST_FIRST[$engine]="failed: $(tail -1 "$TMP/host-$engine.log")"
        : >"$TMP/check-$engine"
        for _ in 1 2 3; do # "ready in S s": the check inside the CLI (the CLI's own start is not the check)
            "$LABSPECS" images hosts "$engine" --store "$STORE" | sed -n 's/.* ready in \([0-9.]*\) s:.*/\1/p' >>"$TMP/check-$engine" || true
        done
        HOST_CHECK[$engine]="$(median <"$TMP/check-$engine") s"
        rm -rf "$STORE"
        echo "   $engine: first build ${HOST_FIRST[$engine]}, cached check ${HOST_CHECK[$engine]}"
    done
fi

VM_READY=skipped VM_LAB=skipped VM_SPLIT=
if [ "${SKIP_VM:-0}" != 1 ]; then
    echo "-- two qemu VMs ready (provider vm), then the OVS lab on VMs ..."
    LABSPECS_PROVIDER=vm "$LABSPECS" env up two-node --json >"$TMP/vm-up.txt" 2>&1 || true
    if ENV_ID=$(tail -1 "$TMP/vm-up.txt" | jq -r .id 2>/dev/null) && [ -n "$ENV_ID" ]; then
        VM_READY="$(tail -1 "$TMP/vm-up.txt" | jq -r '.readySeconds * 10 | round / 10') s ($(sed -n 's/.*VMs run under \([A-Z]*\).*/\1/p' "$TMP/vm-up.txt" | head -1))"
        VM_SPLIT=$(sed -n 's/^ *\(docker-node[0-9]\).*booted, sshd and dockerd up (\(.*\))$/\1 \2/p' "$TMP/vm-up.txt" | tr '\n' ';')
        down
    else
        VM_READY="failed: $(grep -m1 'labspecs:' "$TMP/vm-up.txt" || tail -1 "$TMP/vm-up.txt")"; ENV_ID=
    fi
    echo "   two VMs ready: $VM_READY; $VM_SPLIT"
    t0=$(now)
    LABSPECS_PROVIDER=vm LABSPECS_REPORTS=$TMP/vm-reports dotnet test src/StepDefinitions --no-build --filter Category=openvswitch \
        --results-directory "$TMP" --logger "trx;LogFileName=vm.trx" >"$TMP/vm-lab.log" 2>&1 && VM_LAB="$(secs "$t0" "$(now)") s" || VM_LAB="failed after $(secs "$t0" "$(now)") s ($TMP/vm-lab.log)"
    echo "   OVS lab on VMs: $VM_LAB"
fi

START_LOAD=${START_LOAD:-?}
{
    row "figure" "measured" "goal"
    row "---" "---" "---"
    row "all lab scenarios, wall, $(nproc) cores" "$LABS_WALL s (messages: $SUITE_MSG s)" "<= 90 s"
    row "cleanup + reset share of scenario time" "$SHARE %" "<= 10 %"
    row "pull nginx on a host" "$PULL" "<= 0.8 s"
    row "framework time per step beyond the commands it runs" "$FRAMEWORK ms (runner steps)" "<= 30 ms median"
    row "16-host environment ready / RSS" "${READY_OF[sixteen-host]%% (*} / $RSS16" "<= 4 s / <= 2.2 GiB"
    row "image catalog first build" "$FIRST" "<= 60 s"
    for engine in $HOST_ENGINES; do
        if [ -n "${HOST_FIRST[$engine]:-}" ]; then row "host image $engine: first build / cached check" "${HOST_FIRST[$engine]} / ${HOST_CHECK[$engine]}" "<= 90 s / <= 1 s"; fi
    done
    row "two-VM environment ready (sshd + dockerd)" "$VM_READY" "<= 90 s (TCG here)"
    row "OVS lab on VMs, wall" "$VM_LAB" "<= 6 min"
} >"$TMP/goals.md"
{
    echo "other figures: ready 1 host ${READY_OF[single-host]}, 2 hosts ${READY_OF[two-node]}, 4 hosts ${READY_OF[swarm]};"
    echo "  environment up + pull nginx + down, wall, seeded/unseeded: $AB;"
    echo "  labs: $LABS_SUMMARY"
    [ -z "$VM_SPLIT" ] || echo "  VM boots (kernel, initrd, systemd to dockerd): $VM_SPLIT"
} >"$TMP/other.txt"
END_SPEED=$(speed)
echo
echo "== goals (load average at end $(load); machine speed probe at start: $START_SPEED, at end: $END_SPEED; figures from this run)"
cat "$TMP/goals.md"
echo
cat "$TMP/other.txt"

# The README's speed table is this run's: everything between its two markers is replaced (BENCH_README=0 leaves it alone).
if [ "${BENCH_README:-1}" = 1 ] && grep -q '^<!-- bench/goals.sh: begin -->$' README.md; then
    {
        echo '<!-- bench/goals.sh: begin -->'
        echo "From \`dotnet pwsh ./run.ps1 bench\` of $(date -u '+%F %H:%M') UTC, $(nproc) cores, load average $START_LOAD at start and $(load) at the end;"
        echo "machine speed probe (bench/goals.sh \`speed\`: no LabSpecs code) $START_SPEED at start, $END_SPEED at the end:"
        echo
        cat "$TMP/goals.md"
        echo
        sed 's/^  /  /; s/$/  /' "$TMP/other.txt" | sed '$ s/  $//'
        echo '<!-- bench/goals.sh: end -->'
    } >"$TMP/block.md"
    awk -v block="$TMP/block.md" '
        /^<!-- bench\/goals.sh: begin -->$/ { while ((getline line < block) > 0) print line; skip = 1; next }
        /^<!-- bench\/goals.sh: end -->$/ { skip = 0; next }
        !skip { print }' README.md >"$TMP/README.md" && cat "$TMP/README.md" >README.md
    echo "README.md: speed table rewritten from this run"
fi
