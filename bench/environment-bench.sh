#!/bin/bash
# Prints figures for the embedded lab environment (not a test): time to ready for 1, 2 and 4 hosts, teardown time,
# image catalog build (cached, and a forced rebuild of the small images), pull time per host, RSS per idle host.
# Usage: bench/environment-bench.sh [rounds]      (FULL=1 also times a forced rebuild of the whole catalog: minutes)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-3}
LABSPECS=${LABSPECS:-}
if [ -z "$LABSPECS" ]; then
    dotnet build -v q -nologo "$ROOT/src/Cli" >/dev/null
    LABSPECS="$ROOT/src/Cli/bin/Debug/net10.0/labspecs"
fi
export LABSPECS_ROOT=$ROOT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ENV_ID=
trap '[ -z "$ENV_ID" ] || "$LABSPECS" env down "$ENV_ID" >/dev/null 2>&1 || true; rm -f "$OUT"' EXIT

OUT=$(mktemp)
up() { # topology -> sets ENV_ID and READY (no subshell: ENV_ID must reach the EXIT trap)
    "$LABSPECS" env up "$1" --json >"$OUT"
    ENV_ID=$(tail -1 "$OUT" | jq -r .id)
    READY=$(tail -1 "$OUT" | jq -r '.readySeconds * 100 | round / 100')
}
down() { local t0; t0=$(now); "$LABSPECS" env down "$ENV_ID" >"$OUT"; ENV_ID=; TEARDOWN=$(secs "$t0" "$(now)"); }
rss_mib() { # sum of VmRSS of a host's processes (its cgroup), MiB
    local cg=/sys/fs/cgroup/pids/labspecs/$1/$2 total=0
    for p in $(cat $(find "$cg" -name cgroup.procs) 2>/dev/null); do
        kb=$(awk '/^VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || echo 0); total=$((total + ${kb:-0}))
    done
    echo $((total / 1024))
}

echo "== embedded environment bench on $(hostname) ($(nproc) cores, kernel $(uname -r)), $ROUNDS rounds, $(date -u +%FT%TZ)"
echo "== catalog"
t0=$(now); "$LABSPECS" images build >/dev/null; echo "cached rebuild (all images, nothing to do): $(secs "$t0" "$(now)") s"
t0=$(now); FORCE=1 ONLY="busybox whoami" "$LABSPECS" images build >/dev/null; echo "forced rebuild of busybox + whoami: $(secs "$t0" "$(now)") s"
if [ "${FULL:-0}" = 1 ]; then t0=$(now); "$LABSPECS" images build --force >/dev/null; echo "forced rebuild of the whole catalog (debootstrap included): $(secs "$t0" "$(now)") s"; fi
echo "catalog size: $(du -sh /var/lib/labspecs/images/registry | cut -f1); images: $("$LABSPECS" images list | tr '\n' ' ')"

echo "== time to ready (internal: provider start to all dockerd+sshd answering; wall: whole CLI incl. .NET start) and teardown"
for topo in single-host two-node swarm; do
    for r in $(seq "$ROUNDS"); do
        t0=$(now); up "$topo"; wall=$(secs "$t0" "$(now)")
        hosts=$(ls -d /sys/fs/cgroup/pids/labspecs/"$ENV_ID"/*/ | grep -vc underlay)
        down
        echo "$topo ($hosts hosts) round $r: ready ${READY} s (wall ${wall} s), teardown ${TEARDOWN} s"
    done
done

echo "== pulls through the registry (swarm topology, 4 hosts) and RSS per idle host"
up swarm
U=$ENV_ID-u
for img in busybox jwilder/whoami nginx docker-flask-demo:2.0; do
    line="pull $img:"
    for a in 100 101 102 103; do
        t=$(ip netns exec "$U" ssh root@192.168.99.$a "s=\$(date +%s%N); docker pull -q $img >/dev/null; e=\$(date +%s%N); echo \$(( (e - s) / 1000000 ))")
        line="$line ${t}ms"
    done
    echo "$line   (hosts one after another; nginx brings the shared 42 MB Debian base layer, later Debian images reuse it)"
done
t0=$(now)
for a in 100 101 102 103; do ip netns exec "$U" ssh root@192.168.99.$a "docker rmi -f redis >/dev/null 2>&1; docker pull -q redis >/dev/null" & done; wait
echo "pull redis on 4 hosts in parallel: $(secs "$t0" "$(now)") s"
for a in 100 101 102 103; do ip netns exec "$U" ssh root@192.168.99.$a "docker rmi -f \$(docker images -q) >/dev/null 2>&1 || true"; done
sleep 2
for h in swarm-manager swarm-worker1 swarm-worker2 swarm-worker3; do echo "RSS $h (idle, images removed): $(rss_mib "$ENV_ID" "$h") MiB"; done
down; echo "teardown of 4 hosts: ${TEARDOWN} s"
