#!/bin/sh
# Installs what the embedded lab environment needs (idempotent; safe to run again). Called by `run.ps1 setup`.
# The packages and the commands they must provide are listed in host-tools.txt next to this script: those it marks "machine"
# or "both" (a "host" package, such as the Docker engine, is only in the lab hosts' images: build-host-image.sh).
# Daemons are never started by apt: a policy-rc.d that refuses service starts is put in place first (and kept if present).
# kubectl is optional (the Kubernetes labs need it only when a cluster is configured): set LABSPECS_WITH_KUBECTL=1 to install
# Debian's kubernetes-client when no kubectl is on the PATH. It is kubectl 1.20; a newer upstream kubectl (within one minor
# version of your cluster) is better for clusters newer than 1.21. An existing kubectl is never replaced.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tools="$here/host-tools.txt"
# packages (what host-tools.txt marks machine or both; HostToolsTests keeps this line equal to it): attr busybox-static chromium curl docker-compose docker-registry e2fsprogs etcd-client etcd-server fonts-liberation iproute2 iptables iputils-ping jq kmod mmdebstrap mount openssh-client openssl procps qemu-system-x86 qemu-utils socat tcpdump tini util-linux
PACKAGES=$(awk '!/^#/ && NF >= 3 && $3 != "host" { print $2 }' "$tools" | sort -u | tr '\n' ' ')
COMMANDS=$(awk '!/^#/ && NF >= 3 && $3 != "host" && $1 != "-" { print $1 }' "$tools" | tr '\n' ' ')

if [ "$(id -u)" != 0 ]; then
    echo "install-prerequisites: must run as root (it installs Debian packages and the environment needs namespaces, cgroups, mounts)." >&2
    echo "  run: sudo $0" >&2
    exit 1
fi

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-prerequisites: all packages present"
else
    if [ ! -x /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# written by LabSpecs: apt must not start daemons; lab hosts start their own\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        echo "install-prerequisites: wrote /usr/sbin/policy-rc.d (exit 101: no daemon starts on install)"
    fi
    echo "install-prerequisites: installing$missing"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# Kernel features the hosts use; a missing one is reported, not fatal (capabilities say what is absent).
for m in veth bridge overlay vxlan br_netfilter; do modprobe -q "$m" 2>/dev/null || true; done
absent=""
for t in $COMMANDS; do
    command -v "$t" >/dev/null || absent="$absent $t"
done
if [ -n "$absent" ]; then
    echo "install-prerequisites: still missing after install:$absent (see $tools for the package of each)" >&2
    exit 1
fi
if [ "${LABSPECS_WITH_KUBECTL:-0}" = 1 ] && ! command -v kubectl >/dev/null; then
    echo "install-prerequisites: installing kubernetes-client (kubectl), as LABSPECS_WITH_KUBECTL=1 asks"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client
fi
mkdir -p /var/lib/labspecs /run/labspecs
echo "install-prerequisites: ok (next: labspecs images build)"
