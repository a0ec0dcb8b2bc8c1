#!/bin/sh
# Boots one embedded lab host. Runs under tini (PID 1) in the host's own mount/uts/ipc/pid namespaces, inside the
# host's network namespace. The provider prepared everything in $LS_STATE (copy-on-write upper dirs, keys, configs)
# and $LS_RUN (becomes the host's /run, so the Docker socket is visible from the root mount namespace).
set -eu
: "${LS_HOSTNAME:?}" "${LS_ENVIRONMENT:?}" "${LS_STATE:?}" "${LS_RUN:?}" "${LS_ADDRESS:?}"

# The boot's own plumbing (~45 short commands a host) runs busybox's static applets where the machine has busybox-static:
# 0.3 ms a command instead of 0.7-1.6 ms for the dynamically linked coreutils/util-linux ones (mount parses the mount
# table first). Only this script uses them; the host's commands, daemons and labs keep the machine's own tools.
if [ -x /bin/busybox ]; then
    for applet in hostname mount umount mkdir chmod rm sleep sort xargs; do
        eval "$applet() { /bin/busybox $applet \"\$@\"; }"
    done
fi

hostname "$LS_HOSTNAME"
mount -t proc proc /proc
# Replies to pings are not rate limited in this network namespace (the labs ping at 0.2 s intervals, several at once).
echo 0 >/proc/sys/net/ipv4/icmp_ratelimit

# The copied mount table holds other engines' container mounts (overlays, network namespaces, shm) of this machine and the
# tmpfs of other lab environments; drop them so this host neither sees nor pins them. One umount for all: a process per
# mount costs more than the unmounting.
awk -v own="$LS_ENVIRONMENT" '{ for (i = 7; $i != "-"; i++)
        if ($(i+1) == "overlay" || $(i+1) == "nsfs" || $5 ~ /\/mounts\/shm$/ ||
            ($(i+1) == "tmpfs" && $5 ~ /^\/(var\/lib|run)\/labspecs\/ls-[0-9a-f]+$/ && $5 !~ ("/" own "$"))) print $5 }' /proc/self/mountinfo \
    | sort -r | xargs -r umount -l 2>/dev/null || true

# sysfs must describe this network namespace, but dockerd needs the cgroup mounts ("Devices cgroup isn't mounted").
mount --rbind /sys/fs/cgroup "$LS_STATE/cgroup-stage"
umount -l /sys
mount -t sysfs sysfs /sys
mount --move "$LS_STATE/cgroup-stage" /sys/fs/cgroup

# Stage the state dir under the host's /run before /var is overlaid (the overlay would hide the real directory).
mount --bind "$LS_RUN" /run
# The image catalog's unpacked layers, read-only: the host's Docker layer store is seeded with them (LayerSeed.cs).
if [ -d /var/lib/labspecs/images/unpacked ]; then
    mkdir -p /run/.layers && mount --bind /var/lib/labspecs/images/unpacked /run/.layers && mount -o remount,bind,ro /run/.layers
fi
mkdir -p /run/.state
mount --bind "$LS_STATE" /run/.state
for d in etc var; do
    mount -t overlay "ls-$d" -o "lowerdir=/$d,upperdir=/run/.state/$d-upper,workdir=/run/.state/$d-work" "/$d"
done
# root's home is the host's own (Debian's default dot files, the lab's ssh keys), not an overlay of this machine's /root:
# nothing of the machine's root (shell start-up files, credentials) leaks into a lab host.
mount --bind /run/.state/root-upper /root
# overlay2 cannot sit on overlayfs: Docker's data is a real directory. The mount point is made here (in the /var overlay,
# so the machine's own /var is untouched): on a machine where dockerd never ran, /var/lib/docker does not exist.
mkdir -p /var/lib/docker
mount --bind /run/.state/docker /var/lib/docker
mount --bind /run/.state/tmp /tmp
chmod 1777 /tmp
mkdir -p /run/sshd /run/lock
# The host's docker is its engine's own CLI (docker.io's /usr/bin/docker, as on the handbook's hosts and on a fresh
# machine), not one installed by hand in this machine's /usr/local/bin, which would come first on PATH (here: a 28.2 CLI
# against the 20.10 engine, so the labs were checked with a CLI a fresh machine does not have). It costs time here: the
# 20.10 CLI takes 45-53 ms a call, the 28.2 one 26-31 ms. Only this host's mount namespace sees the change.
if [ -x /usr/bin/docker ] && [ -e /usr/local/bin/docker ]; then mount --bind /usr/bin/docker /usr/local/bin/docker; fi
# Each engine needs its own ID (swarm refuses duplicates).
rm -f /etc/docker/key.json

/usr/sbin/sshd -D -e -f /etc/ssh/labspecs_sshd_config >>/run/sshd.log 2>&1 &
echo $! >/run/labspecs-sshd.pid
# containerd is its own daemon, as Debian runs it (containerd.service; dockerd --containerd=/run/containerd/containerd.sock,
# here "containerd" in daemon.json). dockerd starts once containerd listens: a first dial that finds no socket makes
# dockerd's gRPC client wait a 1 s back-off before it tries again.
# The daemons run with Go's collector at GOGC=400 (LS_DAEMON_GOGC; Go's default is 100), and so does what they start:
# shims, runc and dockerd's own re-executions (libnetwork-setkey and set-ipv6 at every container start). Those are
# short-lived processes of a 75 MB binary whose start-up alone allocates ~10 MB: at Go's default each collects 3 times
# before doing its work (81 -> 57 ms CPU each). The daemons' live heaps are small (dockerd ~7 MB after boot).
export GOGC="${LS_DAEMON_GOGC:-400}"
/usr/bin/containerd >>/run/containerd.log 2>&1 &
containerd=$!
echo $containerd >/run/labspecs-containerd.pid
i=0
while [ ! -S /run/containerd/containerd.sock ]; do
    if ! kill -0 "$containerd" 2>/dev/null || [ $i -ge 3000 ]; then
        echo "containerd did not start (see /run/containerd.log)" >&2; tail -5 /run/containerd.log >&2; exit 1
    fi
    sleep 0.01; i=$((i + 1))
done
/usr/sbin/dockerd >>/run/dockerd.log 2>&1 &
echo $! >/run/labspecs-dockerd.pid
# The provider's readiness wait watches these PIDs (in this host's PID namespace): a daemon that dies fails the boot at once.
echo "booted $LS_HOSTNAME" >/run/labspecs-booted
wait
