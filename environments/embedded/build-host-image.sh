#!/bin/bash
# Builds one lab host image: a Debian root file system (mmdebstrap minbase + PACKAGES from SUITE) that embedded hosts boot
# into (an overlay of it, read-only lower; host-boot.sh). Called by Images/HostImages.cs; usable by hand:
#
#   build-host-image.sh NAME SUITE OUT PACKAGES...
#
#   NAME      what the image is called in messages and its lock, e.g. "20.10" or "26-vm"
#   SUITE     the Debian suite its packages come from (bookworm, trixie, sid)
#   OUT       the directory to publish: OUT/root (the root file system) and OUT/manifest.json (every package's version and
#             the engine's `docker version`); it appears complete or not at all (built elsewhere, renamed into place)
#   PACKAGES  Debian packages installed over minbase. With a kernel among them (linux-image-*: host-images.txt's `variant
#             vm`) the image is a VM's: OUT holds disk.img (sparse raw ext4, label labspecs-root), vmlinuz, initrd.img and
#             manifest.json (with "kernel"), no root/; the guest: make_vm_guest below (src/Environments/README.md).
#   env: LABSPECS_HOST_IMAGE_STORE (default /var/lib/labspecs/host-images: locks, apt archives, work dirs), DEBIAN_MIRROR
#
# Progress goes to stdout ("==> ..."). A second build of the same NAME waits for the first (flock) and then finds OUT made.
# A package apt cannot install fails the build with apt's own words ("apt refused ...").
set -euo pipefail
# Its own mount namespace: the work tmpfs and what mmdebstrap mounts in the target go with it, also when it is killed.
if [ -z "${LABSPECS_HOST_IMAGE_BUILD_NS:-}" ]; then
    exec env LABSPECS_HOST_IMAGE_BUILD_NS=1 unshare --mount --propagation private bash "${BASH_SOURCE[0]}" "$@"
fi
NAME=$1 SUITE=$2 OUT=$3; shift 3
PACKAGES="$*"
VM=""; case " $PACKAGES " in *" linux-image-"*) VM=1 ;; esac
STORE=${LABSPECS_HOST_IMAGE_STORE:-/var/lib/labspecs/host-images}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# A VM image's guest (a root with a kernel): a Vagrant-like Debian box. systemd boots it; ssh, containerd, docker and
# openvswitch-switch are enabled; a `vagrant` user (uid 1000, passwordless sudo, in the docker group) logs in by key only;
# no network configuration: the seed disk (labspecs-seed.service) gives each VM its keys, name and address.
make_vm_guest() {
    local R=$1
    rm -f "$R/usr/sbin/policy-rc.d"   # a real host: apt in the guest starts what it installs, as on a Vagrant box
    printf 'LABEL=labspecs-root / ext4 rw,noatime,errors=remount-ro 0 0\n' >"$R/etc/fstab"
    chroot "$R" useradd --create-home --uid 1000 --user-group --shell /bin/bash --groups sudo,docker vagrant
    chroot "$R" usermod --password '*' vagrant   # no password; key login only
    printf 'vagrant ALL=(ALL) NOPASSWD:ALL\n' >"$R/etc/sudoers.d/vagrant"; chmod 0440 "$R/etc/sudoers.d/vagrant"
    install -d -m 0700 -o 1000 -g 1000 "$R/home/vagrant/.ssh"
    mkdir -p "$R/etc/ssh/sshd_config.d"
    cat >"$R/etc/ssh/sshd_config.d/labspecs.conf" <<'EOF'
# LabSpecs VM: the host key comes from the seed disk; keys only
HostKey /etc/ssh/ssh_host_ed25519_key
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UseDNS no
EOF
    # Units that cost boot time and do nothing for a lab VM (systemd-analyze blame in the guest under TCG: each modprobe@
    # or mount unit 1.5-4 s while docker starts). etcd and ipvsadm are started by the labs that use them, as on embedded hosts.
    local masked="apt-daily.timer apt-daily-upgrade.timer apt-daily.service apt-daily-upgrade.service e2scrub_all.timer
        e2scrub_all.service e2scrub_reap.service fstrim.timer fstrim.service man-db.timer man-db.service dpkg-db-backup.timer
        logrotate.timer systemd-timesyncd.service getty@tty1.service serial-getty@ttyS0.service console-getty.service
        getty-static.service systemd-networkd-wait-online.service systemd-networkd.service ifupdown-wait-online.service
        networking.service systemd-pstore.service systemd-update-utmp-runlevel.service systemd-journal-flush.service
        modprobe@loop.service modprobe@dm_mod.service modprobe@fuse.service modprobe@drm.service modprobe@efi_pstore.service
        modprobe@configfs.service sys-kernel-debug.mount sys-kernel-tracing.mount sys-kernel-config.mount
        sys-fs-fuse-connections.mount dev-hugepages.mount etcd.service ipvsadm.service ovs-record-hostname.service"
    local u; for u in $masked; do ln -sfn /dev/null "$R/etc/systemd/system/$u"; done
    # Open vSwitch runs from boot (the OVS labs need it) but yields the CPU to sshd and dockerd (ovs-ctl's default is nice -10).
    local d; for d in ovsdb-server ovs-vswitchd; do
        mkdir -p "$R/etc/systemd/system/$d.service.d"
        printf '[Service]\nEnvironment="OVS_CTL_OPTS=--ovsdb-server-priority=10 --ovs-vswitchd-priority=10"\n' >"$R/etc/systemd/system/$d.service.d/labspecs.conf"
    done
    # iptables-legacy, as on embedded hosts and the handbook's hosts: dockerd makes ~70 rule changes to start, and each of
    # iptables-nft's waits for a kernel RCU grace period (under TCG that dominated docker.service's start).
    chroot "$R" update-alternatives --quiet --set iptables /usr/sbin/iptables-legacy
    chroot "$R" update-alternatives --quiet --set ip6tables /usr/sbin/ip6tables-legacy
    # The engine's daemons collect garbage less often (as embedded hosts run them: LABSPECS_DAEMON_GOGC's default)
    for d in docker containerd; do
        mkdir -p "$R/etc/systemd/system/$d.service.d"
        printf '[Service]\nEnvironment=GOGC=400\n' >"$R/etc/systemd/system/$d.service.d/labspecs-gogc.conf"
    done
    # containerd serves dockerd only: without the CRI plugin and the snapshotters docker never uses (as Docker's own
    # containerd.io package ships it), it starts in a fraction of the time.
    if [ -f "$R/etc/containerd/config.toml" ]; then
        local off='disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]'
        if grep -q '^version' "$R/etc/containerd/config.toml"; then sed -i "0,/^version.*/s//&\n$off/" "$R/etc/containerd/config.toml"
        else sed -i "1i $off" "$R/etc/containerd/config.toml"; fi
    fi

    install -m 0755 /dev/stdin "$R/usr/local/sbin/labspecs-seed" <<'EOF'
#!/bin/sh
# The seed: a disk labelled lsseed (the VM's second virtio disk, made per VM by the provider). Its files/ is copied onto /
# (owners and modes as on the disk), then its seed.sh runs as root. No seed disk: nothing to do.
dev=$(blkid -L lsseed) || { echo "labspecs-seed: no disk labelled lsseed"; exit 0; }
mnt=/run/labspecs-seed
mkdir -p "$mnt"
mount -o ro "$dev" "$mnt"
trap 'umount "$mnt"; rmdir "$mnt"' EXIT
if [ -d "$mnt/files" ]; then cp -a "$mnt/files/." /; fi
if [ -f "$mnt/seed.sh" ]; then /bin/sh -e "$mnt/seed.sh"; fi
EOF
    cat >"$R/etc/systemd/system/labspecs-seed.service" <<'EOF'
[Unit]
Description=LabSpecs seed (keys, hostname, address from the disk labelled lsseed)
DefaultDependencies=no
After=local-fs.target systemd-remount-fs.service
Before=sysinit.target network-pre.target ssh.service containerd.service docker.service openvswitch-switch.service
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/labspecs-seed
StandardOutput=journal+console

[Install]
WantedBy=sysinit.target
EOF
    install -m 0755 /dev/stdin "$R/usr/local/sbin/labspecs-ready" <<'EOF'
#!/bin/sh
# One line on the serial console once sshd and dockerd run: where the boot's time went, in seconds (monotonic clock):
#   kernel     kernel start to the initrd's /init (the kernel's own log: "Run /init as init process")
#   initrd     the initrd (modules, root found and mounted) to systemd in the root file system
#   userspace  systemd's start to now (ssh and docker active)
#   docker     when docker.service became active, since the kernel's start (its ActiveEnterTimestampMonotonic)
# Open vSwitch runs on the box once it is up, as after 'vagrant up'. Seen once in 3 two-VM boots: openvswitch-switch.service
# finished while ovsdb-server and ovs-vswitchd never started (no job, no error in the journal); start them, and say so.
if ! systemctl is-active --quiet ovs-vswitchd; then
    printf '\nlabspecs-ready: ovsdb-server/ovs-vswitchd were not running after boot; starting them\n' >/dev/ttyS0
    systemctl start ovsdb-server ovs-vswitchd
fi
us() { systemctl show "$@" | cut -d= -f2; }
s() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000000 }'; }
user=$(us -p UserspaceTimestampMonotonic)
active=$(us -p ActiveEnterTimestampMonotonic docker.service)
init=$(dmesg | awk -F'[][]' '/Run \/init as init process/ { printf "%d", $2 * 1000000; exit }')
[ -n "$init" ] || init=$user   # no initrd
now=$(awk '{ printf "%d", $1 * 1000000 }' /proc/uptime)
printf '\nlabspecs-ready kernel=%s initrd=%s userspace=%s docker=%s\n' \
    "$(s "$init")" "$(s $((user - init)))" "$(s $((now - user)))" "$(s "$active")" >/dev/ttyS0
EOF
    cat >"$R/etc/systemd/system/labspecs-ready.service" <<'EOF'
[Unit]
Description=LabSpecs ready line on the serial console (sshd and dockerd up)
After=docker.service ssh.service openvswitch-switch.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/labspecs-ready

[Install]
WantedBy=multi-user.target
EOF
    chroot "$R" systemctl enable labspecs-seed.service labspecs-ready.service ssh.service containerd.service docker.service openvswitch-switch.service
}

step() { printf '==> [%(%H:%M:%S)T] host image %s: %s\n' -1 "$NAME" "$*"; }
mkdir -p "$STORE"
exec 9>"$STORE/$NAME.lock"
flock -n 9 || { step "waiting for another build of this image on this machine to finish"; flock 9; }
if [ -f "$OUT/manifest.json" ]; then step "built meanwhile by another run"; exit 0; fi
rm -rf "$(dirname "$OUT")/.tmp-$(basename "$OUT")"-*   # a copy a killed build left (this lock is held: no other copy runs)
clock=$(date +%s%N)

# Built in memory (as the catalog's root filesystems: ~20,000 files written and replaced), then copied to disk once.
WORK=$STORE/work-$NAME
rm -rf "$WORK"; mkdir -p "$WORK"
mount -t tmpfs -o mode=0755 "labspecs-host-image-$NAME" "$WORK"
# the tmpfs goes with this namespace anyway; its mount point goes too, also when the build fails
trap 'cd /; umount -l "$WORK" 2>/dev/null; rmdir "$WORK" 2>/dev/null || true' EXIT
# Downloaded packages are kept per suite (file names carry versions): a rebuild with one package more fetches that one.
ARCHIVES=$STORE/apt/$SUITE/archives
mkdir -p "$ARCHIVES/partial"

# A VM image's initrd holds only what boots root=/dev/vda (MODULES=most in a chroot: 30 MB of modules, slower to unpack
# under TCG; MODULES=dep cannot see the VM's hardware from here). Written before the kernel's postinst makes the initrd.
vm_hooks=()
[ -z "$VM" ] || vm_hooks=(--setup-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"
    printf "MODULES=list\n" >"$1/etc/initramfs-tools/conf.d/labspecs-vm.conf"
    printf "%s\n" virtio_pci virtio_blk virtio_net ext4 >"$1/usr/share/initramfs-tools/modules.d/labspecs-vm"')

step "mmdebstrap $SUITE minbase + $PACKAGES"
# The same techniques as the catalog's base (build-images.sh): merged /usr where the suite needs the hook, dpkg without
# fsync (eatmydata hook, force-unsafe-io), no docs, man pages or locales unpacked. sid's Release is often past its
# Valid-Until on this mirror. The shared archive is bound into the target; download/empty and essential/unlink keep its
# packages there.
log=$WORK/mmdebstrap.log
if ! mmdebstrap --variant=minbase --mode=root \
        --hook-dir=/usr/share/mmdebstrap/hooks/maybe-merged-usr --hook-dir=/usr/share/mmdebstrap/hooks/eatmydata \
        --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='APT::Install-Recommends "false"' \
        --dpkgopt=force-unsafe-io \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
        --skip=download/empty --skip=essential/unlink "${vm_hooks[@]}" \
        --setup-hook="mkdir -p \"\$1/var/cache/apt/archives\" && mount --bind $ARCHIVES \"\$1/var/cache/apt/archives\"" \
        --customize-hook='umount "$1/var/cache/apt/archives"' \
        --include="$(echo "$PACKAGES" | tr ' ' ',')" \
        "$SUITE" "$WORK/root" "$MIRROR" >"$log" 2>&1; then
    refused=$(grep -E '^E: |has no installation candidate|Unable to locate package|unmet dependencies|Depends: ' "$log" | head -8 || true)
    echo "host image $NAME: apt refused to install from Debian $SUITE: ${refused:-see below}" >&2
    tail -25 "$log" >&2
    exit 1
fi

R=$WORK/root
# Every host gets its own keys and engine ID: none are shared through the image. Daemons are never started by apt.
rm -f "$R"/etc/ssh/ssh_host_* "$R/etc/docker/key.json" "$R/etc/machine-id" "$R/var/lib/dbus/machine-id"
: >"$R/etc/machine-id"
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"; chmod +x "$R/usr/sbin/policy-rc.d"
rm -rf "$R"/var/cache/apt/*.bin "$R"/var/lib/apt/lists/* "$R"/var/log/* "$R"/tmp/*
mkdir -p "$R/var/lib/docker" "$R/run/sshd"

step "recording package versions and the engine's docker version"
chroot "$R" dpkg-query -W -f='${Package}\t${Version}\n' >"$WORK/packages.tsv"
# The engine's own answer: its dockerd started once from the image (no network, no iptables, data in the work tmpfs).
engine=$WORK/engine; mkdir -p "$engine"
if ! unshare --net --pid --fork --mount --propagation private /bin/sh -ec "
        mount -t proc proc $R/proc
        mount --rbind /sys $R/sys
        mount --rbind /dev $R/dev
        mount -t tmpfs tmpfs $R/run
        mount -t tmpfs tmpfs $R/var/lib/docker
        chroot $R /usr/sbin/dockerd --iptables=false --ip-masq=false --bridge=none -H unix:///run/docker.sock >$engine/dockerd.log 2>&1 &
        i=0; until chroot $R docker -H unix:///run/docker.sock version >$engine/version.txt 2>&1; do
            i=\$((i + 1)); [ \$i -lt 300 ] || exit 1; sleep 0.1
        done
        chroot $R docker -H unix:///run/docker.sock version --format '{{json .}}' >$engine/version.json
    "; then
    echo "host image $NAME: the engine did not answer docker version" >&2; tail -15 "$engine/dockerd.log" "$engine/version.txt" >&2; exit 1
fi

kernel=""
if [ -n "$VM" ]; then
    step "making it a VM: systemd units, the vagrant user, the seed unit"
    make_vm_guest "$R"
    kernel=$(basename "$(ls "$R"/boot/vmlinuz-* | sort -V | tail -1)"); kernel=${kernel#vmlinuz-}
fi

size=$(du -s --apparent-size -B1M "$R" | cut -f1)
seconds=$(( ($(date +%s%N) - clock) / 1000000 ))
jq -n --arg name "$NAME" --arg suite "$SUITE" --arg mirror "$MIRROR" --arg packages_requested "$PACKAGES" \
    --rawfile packages "$WORK/packages.tsv" --rawfile version_text "$engine/version.txt" --slurpfile version "$engine/version.json" \
    --argjson size_mb "$size" --argjson build_ms "$seconds" --arg kernel "$kernel" \
    '{name: $name, suite: $suite, mirror: $mirror, requested: ($packages_requested | split(" ")),
      packages: ($packages | split("\n") | map(select(length > 0) | split("\t") | {key: .[0], value: .[1]}) | from_entries),
      docker_version: $version[0], docker_version_text: $version_text, size_mb: $size_mb, build_ms: $build_ms,
      built: (now | todate)} + (if $kernel == "" then {} else {kernel: $kernel} end)' >"$WORK/manifest.json"

step "publishing ($size MB) in $OUT"
# Copied to disk beside OUT, then renamed into place: OUT is complete or absent.
tmp=$(dirname "$OUT")/.tmp-$(basename "$OUT")-$$
rm -rf "$tmp"; mkdir -p "$tmp"
if [ -n "$VM" ]; then
    # The VM boots the disk (a qcow2 overlay over it per VM); no root/ is kept. Sparse: ~6 GiB apparent, the files' size used.
    cp "$R/boot/vmlinuz-$kernel" "$tmp/vmlinuz"; cp "$R/boot/initrd.img-$kernel" "$tmp/initrd.img"
    mke2fs -q -t ext4 -L labspecs-root -d "$R" "$tmp/disk.img" 6G >/dev/null
else
    cp -a "$R" "$tmp/root"
fi
cp "$WORK/manifest.json" "$tmp/manifest.json"
mv -T "$tmp" "$OUT"
step "ready in $(( ($(date +%s%N) - clock) / 1000000000 )) s: $(jq -r '.docker_version.Server.Version' "$OUT/manifest.json")"
