#!/bin/sh
# Boots one embedded lab host. Runs under tini (PID 1) in the host's own mount/uts/ipc/pid namespaces, inside the
# host's network namespace. The provider prepared everything in $LS_STATE (the root overlay's upper dir, keys, configs,
# Docker's data), $LS_RUN (becomes the host's /run) and $LS_IMAGE (the engine's host image, read-only).
set -eu
: "${LS_HOSTNAME:?}" "${LS_ENVIRONMENT:?}" "${LS_STATE:?}" "${LS_RUN:?}" "${LS_ADDRESS:?}"

# The host's root is its own: an overlay of its engine's host image ($LS_IMAGE, read-only lower; Images/HostImages.cs) with
# its upper dir in the environment's tmpfs ($LS_STATE/upper, where HostFiles.cs wrote /etc/hostname, sshd's config, root's
# keys, daemon.json ...). The script pivots into it: nothing of this machine's root stays visible but what is mounted here on
# purpose (the catalog's layers, the cgroup hierarchies, /dev). An overlay is a mount point, as / must be (image import
# fails "remount /, flags: 0x84000" otherwise).
: "${LS_IMAGE:?}"

# The boot's own plumbing runs busybox's static applets where it is there (this machine's before the pivot, the image's
# after): they start faster than the dynamically linked coreutils/util-linux ones (mount parses the mount table first;
# README "What each change bought"). Only this script uses them; the host's commands, daemons and labs use the image's own tools.
if [ -x /bin/busybox ]; then
    for applet in hostname mount umount mkdir chmod rm sleep pivot_root; do
        eval "$applet() { /bin/busybox $applet \"\$@\"; }"
    done
fi

hostname "$LS_HOSTNAME"
new=$LS_STATE/root
mount -t overlay "ls-root" -o "lowerdir=$LS_IMAGE,upperdir=$LS_STATE/upper,workdir=$LS_STATE/work" "$new"
mount -t proc proc "$new/proc"
# Replies to pings are not rate limited in this network namespace (the labs ping at 0.2 s intervals, several at once).
echo 0 >"$new/proc/sys/net/ipv4/icmp_ratelimit"
# sysfs must describe this network namespace, and dockerd needs the cgroup mounts ("Devices cgroup isn't mounted").
mount -t sysfs sysfs "$new/sys"
mount --rbind /sys/fs/cgroup "$new/sys/fs/cgroup"
# Devices are the machine's (null, urandom, ptys for ssh sessions); shared memory is the host's own.
mount --rbind /dev "$new/dev"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$new/dev/shm"
# /run is the host's run directory of the environment: the Docker socket is visible from the root mount namespace.
mount --bind "$LS_RUN" "$new/run"
# The image catalog's unpacked layers, read-only: the host's Docker layer store is seeded with them (LayerSeed.cs).
if [ -d /var/lib/labspecs/images/unpacked ]; then
    mkdir -p "$new/run/.layers" && mount --bind /var/lib/labspecs/images/unpacked "$new/run/.layers" && mount -o remount,bind,ro "$new/run/.layers"
fi
# overlay2 cannot sit on overlayfs: Docker's data is a real directory (in the environment's tmpfs). The mount point is made
# here: a host may see its image without /var/lib/docker (EmbeddedProvider.HideFromHosts, as on a machine where dockerd never ran).
mkdir -p "$new/var/lib/docker"
mount --bind "$LS_STATE/docker" "$new/var/lib/docker"
# The old root goes: pivot_root(".", ".") stacks it on the new one, and one lazy umount drops it with every mount it held
# (other engines' container mounts, other environments' tmpfs): this host neither sees nor pins them.
cd "$new"
pivot_root . .
umount -l .
cd /
mkdir -p /run/sshd /run/lock
# Each engine needs its own ID (swarm refuses duplicates).
rm -f /etc/docker/key.json

/usr/sbin/sshd -D -e -f /etc/ssh/labspecs_sshd_config >>/run/sshd.log 2>&1 &
echo $! >/run/labspecs-sshd.pid
# containerd is its own daemon, as Debian runs it (containerd.service; dockerd --containerd=/run/containerd/containerd.sock,
# here "containerd" in daemon.json). dockerd starts once containerd listens: a first dial that finds no socket makes
# dockerd's gRPC client wait a 1 s back-off before it tries again.
# The daemons run with Go's collector at GOGC=400 (LS_DAEMON_GOGC; Go's default is 100), and so does what they start:
# shims, runc and dockerd's own re-executions (libnetwork-setkey and set-ipv6 at every container start). Those are
# short-lived processes of a large binary whose start-up alone allocates enough that at Go's default each collects several
# times before doing its work (README "What each change bought"). The daemons' live heaps are small.
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
