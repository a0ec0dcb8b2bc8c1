#!/usr/bin/env bash
# Boots ONE VM from the vm variant of a host image (issue 22) and prints where the time goes: KVM or TCG, seconds to sshd
# answering, to `docker version` answering over ssh, the guest's labspecs-ready line (kernel / initrd / userspace / docker
# split), and whether the full-kernel features work in it (modprobe openvswitch ip_gre ip_vs, ovs-vsctl add-br).
#
#   bench/vm-boot.sh [ENGINE]        ENGINE of host-images.txt (default: the first, 20.10)
#   env: VM_IMAGE=DIR  an image directory to boot instead of `labspecs images hosts ENGINE --variant vm`
#        SMP=2 MEM=1536 CPU=max MACHINE=q35 ACCEL=auto|kvm|tcg   qemu settings to compare
#        BOOT_TIMEOUT=300   seconds to wait for sshd (then the console's tail is shown and the run fails)
#        BLAME=8            how many of the guest's slowest units to show (systemd-analyze blame)
#        CONSOLE=FILE       keep the guest's serial console log there
#        APPEND="..."       more kernel arguments (e.g. quiet) after the provider's
#        DIAG=1             also show dockerd's start in the guest's journal
#
# The VM's network is a tap on a bridge in a throwaway network namespace with no route out (never qemu user-mode
# networking). Everything made here (qemu by PID, the namespace, the files) is removed on exit, failure or Ctrl-C.
# Figures only; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${1:-20.10}
SMP=${SMP:-2} MEM=${MEM:-1536} CPU=${CPU:-max} MACHINE=${MACHINE:-q35} ACCEL=${ACCEL:-auto} BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
for t in qemu-system-x86_64 qemu-img mke2fs ssh-keygen ip; do
    command -v "$t" >/dev/null || { echo "vm-boot: $t is missing (run.ps1 setup installs it: host-tools.txt)" >&2; exit 1; }
done

if [ -z "${VM_IMAGE:-}" ]; then
    cli=src/Cli/bin/Debug/net10.0/labspecs.dll
    [ -f "$cli" ] || dotnet build src/Cli -v q -nologo >/dev/null
    clock=$(date +%s.%N)
    out=$(dotnet "$cli" images hosts "$ENGINE" --variant vm) || { echo "$out" >&2; exit 1; }
    echo "$out" | grep -v '^host image .* ready in' || true
    VM_IMAGE=${out##*: }
    echo "image: $VM_IMAGE (found or built in $(awk -v a="$clock" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s)"
fi
for f in disk.img vmlinuz initrd.img manifest.json; do
    [ -f "$VM_IMAGE/$f" ] || { echo "vm-boot: $VM_IMAGE/$f is missing: not a vm image" >&2; exit 1; }
done
echo "image: $(jq -r '"\(.name) (Debian \(.suite)), kernel \(.kernel), Docker \(.docker_version.Server.Version), built in \(.build_ms / 1000) s"' "$VM_IMAGE/manifest.json");" \
    "disk.img $(du -B1M --apparent-size "$VM_IMAGE/disk.img" | cut -f1) MB apparent, $(du -B1M "$VM_IMAGE/disk.img" | cut -f1) MB used;" \
    "initrd $(du -k "$VM_IMAGE/initrd.img" | cut -f1) KB"

NS=lsvmboot-$$
WORK=$(mktemp -d /tmp/lsvmboot.XXXXXX)
QEMU="" SSH=""
cleanup() {
    trap - EXIT INT TERM
    [ -z "$SSH" ] || kill "$SSH" 2>/dev/null || true
    if [ -n "${CONSOLE:-}" ] && [ -f "$WORK/console.log" ]; then cp "$WORK/console.log" "$CONSOLE"; fi
    if [ -n "$QEMU" ] && kill -0 "$QEMU" 2>/dev/null; then
        kill "$QEMU" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$QEMU" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$QEMU" 2>/dev/null || true
    fi
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# KVM only when it works: /dev/kvm opening is not enough here (the guest hangs after "Probing EDD"). The probe boots the
# image's kernel with no root: under working KVM it panics ("VFS: Unable to mount root") within a second or two.
accel=$ACCEL
if [ "$accel" = auto ]; then
    accel=tcg
    if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
        (timeout 15 qemu-system-x86_64 -machine "$MACHINE,accel=kvm" -cpu host -m 256 -nodefaults -no-user-config -display none \
            -serial "file:$WORK/kvm-probe.log" -kernel "$VM_IMAGE/vmlinuz" -append "console=ttyS0 panic=-1" -no-reboot || true) >/dev/null 2>&1
        if grep -q 'Kernel panic' "$WORK/kvm-probe.log" 2>/dev/null; then accel=kvm; fi
    fi
fi
cpu=$CPU; [ "$accel" = kvm ] && [ "$CPU" = max ] && cpu=host
echo "accelerator: $accel (-machine $MACHINE -cpu $cpu -smp $SMP -m $MEM)"

# The seed disk, as the provider makes it: the VM's host key, vagrant's authorized key, daemon.json, and seed.sh (name, address).
addr=192.168.77.10
ssh-keygen -q -t ed25519 -N '' -f "$WORK/client" -C labspecs-vm-boot
mkdir -p "$WORK/seed/files/etc/ssh" "$WORK/seed/files/etc/docker" "$WORK/seed/files/home/vagrant/.ssh"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/seed/files/etc/ssh/ssh_host_ed25519_key" -C vm1
cp "$WORK/client.pub" "$WORK/seed/files/home/vagrant/.ssh/authorized_keys"
chown -R 1000:1000 "$WORK/seed/files/home/vagrant"; chmod 0755 "$WORK/seed/files/home/vagrant"
chmod 0700 "$WORK/seed/files/home/vagrant/.ssh"; chmod 0600 "$WORK/seed/files/home/vagrant/.ssh/authorized_keys"
chmod 0755 "$WORK/seed/files" "$WORK/seed/files/etc" "$WORK/seed/files/home"
printf '{ "registry-mirrors": ["http://192.168.77.2:5000"] }\n' >"$WORK/seed/files/etc/docker/daemon.json"
cat >"$WORK/seed/seed.sh" <<EOF
hostname vm1
echo vm1 >/etc/hostname
printf '127.0.0.1 localhost\n$addr vm1\n' >/etc/hosts
ip addr add $addr/24 dev eth0
ip link set eth0 up
EOF
mke2fs -q -t ext4 -L lsseed -d "$WORK/seed" "$WORK/seed.img" 16M >/dev/null
echo "$addr $(cut -d' ' -f1,2 "$WORK/seed/files/etc/ssh/ssh_host_ed25519_key.pub")" >"$WORK/known_hosts"
qemu-img create -q -f qcow2 -F raw -b "$(realpath "$VM_IMAGE/disk.img")" "$WORK/overlay.qcow2"

# The underlay: a bridge and the VM's tap in a namespace of its own, no route out of it.
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 192.168.77.1/24 dev br0
ip -n "$NS" tuntap add tap0 mode tap
ip -n "$NS" link set tap0 master br0
ip -n "$NS" link set tap0 up
ip -n "$NS" link set br0 up

start=$(date +%s.%N)
ip netns exec "$NS" qemu-system-x86_64 -machine "$MACHINE,accel=$accel" -cpu "$cpu" -smp "$SMP" -m "$MEM" \
    -nodefaults -no-user-config -display none -serial "file:$WORK/console.log" \
    -kernel "$VM_IMAGE/vmlinuz" -initrd "$VM_IMAGE/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 net.ifnames=0 apparmor=0 panic=-1${APPEND:+ $APPEND}" \
    -drive "file=$WORK/overlay.qcow2,if=virtio,format=qcow2" -drive "file=$WORK/seed.img,if=virtio,format=raw,readonly=on" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=52:54:00:4c:53:0a \
    -device virtio-rng-pci -no-reboot >"$WORK/qemu.log" 2>&1 &
QEMU=$!

# in the background and waited for, so a signal runs the cleanup at once (bash defers traps until a foreground child ends:
# `docker version` waits for dockerd behind docker.socket)
ssh_vm() {
    ip netns exec "$NS" ssh -q -i "$WORK/client" -o BatchMode=yes -o ConnectTimeout=3 -o UserKnownHostsFile="$WORK/known_hosts" \
        -o StrictHostKeyChecking=yes "vagrant@$addr" "$@" &
    SSH=$!
    wait "$SSH"
}
fail() {
    echo "vm-boot: $1 after $(since "$start") s; qemu: $(cat "$WORK/qemu.log"); console tail:" >&2
    tail -30 "$WORK/console.log" >&2
    exit 1
}
until ssh_vm true 2>/dev/null; do
    kill -0 "$QEMU" 2>/dev/null || fail "qemu ended"
    awk -v a="$start" -v b="$(date +%s.%N)" -v t="$BOOT_TIMEOUT" 'BEGIN { exit !(b - a > t) }' && fail "sshd did not answer"
    sleep 0.5
done
echo "sshd answered (ssh vagrant@$addr true) after $(since "$start") s"
until ssh_vm docker version --format '{{.Server.Version}}' >"$WORK/docker-version" 2>/dev/null; do
    kill -0 "$QEMU" 2>/dev/null || fail "qemu ended"
    awk -v a="$start" -v b="$(date +%s.%N)" -v t="$BOOT_TIMEOUT" 'BEGIN { exit !(b - a > t) }' && fail "dockerd did not answer"
    sleep 0.5
done
echo "docker version answered over ssh (Docker $(cat "$WORK/docker-version")) after $(since "$start") s"
for _ in $(seq 60); do grep -q '^labspecs-ready ' "$WORK/console.log" && break; sleep 0.5; done
echo "guest: $(grep -a '^labspecs-ready ' "$WORK/console.log" | tr -d '\r' || echo 'no labspecs-ready line on the console')"
ssh_vm "sudo timeout 60 systemctl is-system-running --wait >/dev/null; sudo systemd-analyze; echo 'slowest units:'; sudo systemd-analyze blame | head -${BLAME:-8};
    echo 'critical chain:'; sudo systemd-analyze critical-chain docker.service ssh.service" 2>&1 | sed 's/^/  /' || true

[ -z "${DIAG:-}" ] || ssh_vm 'sudo journalctl -b -o short-monotonic -u containerd -u docker' 2>&1 | sed 's/^/  /' || true

features=$(date +%s.%N)
if ssh_vm 'sudo modprobe -a openvswitch ip_gre ip_vs && sudo ovs-vsctl add-br brX && sudo ovs-vsctl add-port brX gre0 -- set interface gre0 type=gre options:remote_ip=192.168.77.11 && sudo ovs-vsctl show && ip -d link show gre_sys' >"$WORK/features" 2>&1; then
    echo "full-kernel features: modprobe openvswitch ip_gre ip_vs, ovs-vsctl add-br + a gre port: ok in $(since "$features") s" \
        "(OVS $(ssh_vm sudo ovs-vsctl --version | head -1 | awk '{ print $NF }'))"
else
    echo "full-kernel features: FAILED:"; sed 's/^/  /' "$WORK/features"; exit 1
fi
