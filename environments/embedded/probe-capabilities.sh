#!/bin/sh
# Probes what this machine's kernel and tools can do for the labs. Run inside a throw-away network namespace
# (unshare --net), so the test links vanish with it. Prints "ok NAME" or "missing NAME REASON" per capability.
k=$(uname -r)
try_link() { # name, description, ip link add arguments...
    name=$1; what=$2; shift 2
    if out=$(ip link add "$@" 2>&1); then echo "ok $name"; else echo "missing $name kernel $k here has no $what (ip link add $* failed: $out)"; fi
}
ip link set lo up
ip link add ls-p0 type veth peer name ls-p1 >/dev/null 2>&1 && ip link set ls-p0 up
try_link bridge "Linux bridge" ls-br type bridge
try_link veth "veth pairs" ls-v0 type veth peer name ls-v1
try_link vxlan "VXLAN" ls-vx type vxlan id 42 dstport 4789 dev ls-p0
try_link gre "GRE" ls-gre type gre local 192.168.250.1 remote 192.168.250.2
try_link macvlan "macvlan" ls-mv link ls-p0 type macvlan mode bridge
try_link ipvlan "ipvlan" ls-iv link ls-p0 type ipvlan mode l2
try_link vlan "802.1q VLAN" ls-p0.10 link ls-p0 type vlan id 10
try_link dummy "dummy interfaces" ls-d0 type dummy
if out=$(ip link add ls-ovs type openvswitch 2>&1); then echo "ok openvswitch"
elif { [ -d /sys/module/openvswitch ] || modprobe -q openvswitch 2>/dev/null; } && command -v ovs-vsctl >/dev/null; then
    if ovs=$(ovs-vsctl --timeout=10 show 2>&1); then echo "ok openvswitch"; else echo "missing openvswitch ovs-vsctl cannot reach Open vSwitch's daemons here: $ovs"; fi
else echo "missing openvswitch kernel $k here has no Open vSwitch datapath and ovs-vsctl is $(command -v ovs-vsctl >/dev/null && echo present || echo absent) (ip link add type openvswitch failed: $out)"; fi
if [ -e /proc/net/ip_vs ] || modprobe -q ip_vs 2>/dev/null && [ -e /proc/net/ip_vs ]; then echo "ok ipvs"
else echo "missing ipvs kernel $k here has no IPVS (/proc/net/ip_vs absent; swarm's ingress routing mesh load balancing cannot work)"; fi
if out=$(tc qdisc add dev lo root netem delay 1ms 2>&1); then echo "ok netem"; else echo "missing netem kernel $k here has no netem qdisc (tc qdisc add dev lo root netem failed: $out)"; fi
if out=$(ip xfrm state add src 192.168.250.1 dst 192.168.250.2 proto esp spi 0x100 reqid 1 mode transport aead 'rfc4106(gcm(aes))' 0x0123456789abcdef0123456789abcdef01234567 128 2>&1); then echo "ok esp"
else echo "missing esp kernel $k here has no ESP with AES-GCM (encrypted overlay networks cannot work; ip xfrm state add failed: $out)"; fi
if out=$(iptables -t nat -L -n 2>&1); then echo "ok iptables"; else echo "missing iptables iptables does not work here: $out"; fi
for tool in etcd flanneld docker-compose kubectl; do
    if command -v "$tool" >/dev/null; then echo "ok $tool"; else echo "missing $tool $tool is not installed on this machine"; fi
done
cfg=${KUBECONFIG:-$HOME/.kube/config}
if [ ! -f "$cfg" ]; then echo "missing kubernetes no Kubernetes cluster: set KUBECONFIG or add a kubernetes topology"
elif ! command -v kubectl >/dev/null; then echo "missing kubernetes kubectl is not installed"
elif out=$(timeout 5 kubectl --kubeconfig "$cfg" version 2>&1 | tail -1) && timeout 5 kubectl --kubeconfig "$cfg" get nodes >/dev/null 2>&1; then echo "ok kubernetes"
else echo "missing kubernetes the cluster in $cfg is not reachable: $out"; fi
if command -v kubeadm >/dev/null && command -v kubelet >/dev/null; then echo "ok kubeadm"
else echo "missing kubeadm kubeadm and kubelet are not installed on these hosts (the kubeadm lab runs on real hosts that have them, e.g. the handbook's Vagrant boxes in an inventory topology 'kubeadm')"; fi
if command -v flanneld >/dev/null; then echo "ok flannel"; else echo "missing flannel flanneld is not installed (no Debian package)"; fi
