@multi-host @overlay @flannel @etcd @two-node @needs-etcd
Feature: Multi-Host Networking Overlay with Flannel
  flannel gives every host its own subnet of one address space kept in etcd (/coreos.com/network/config), and carries
  traffic between the subnets in VXLAN (VNI 100, UDP port 8472 here). Docker's docker0 is restarted inside the host's
  flannel subnet (--bip and --mtu from /run/flannel/subnet.env), so containers on different hosts have distinct
  addresses and reach each other through the flannel.100 device. tcpdump shows port 8472 as "OTV ... instance 100".

  Handbook: Docker > Multi-Host Networking Overlay with Flannel

  Background:
    Given an etcd cluster with members on "docker-node1" and "docker-node2"
    And in etcd on "docker-node1" the key "/coreos.com/network/config" is set to:
      """
      {"Network": "10.0.0.0/8", "SubnetLen": 20, "SubnetMin": "10.10.0.0", "SubnetMax": "10.99.0.0", "Backend": {"Type": "vxlan", "VNI": 100, "Port": 8472}}
      """

  @needs-flannel
  Scenario: flanneld leases a subnet per host; containers ping across hosts in VXLAN on port 8472
    When flanneld runs on "docker-node1" and "docker-node2"
    Then in etcd on "docker-node2" the key "/coreos.com/network/subnets" lists 2 subnets
    And on "docker-node1" the interface "flannel.100" has the MTU 1450
    Given the docker engines on "docker-node1" and "docker-node2" are restarted inside their flannel subnets
    And on "docker-node1" a container "test1" from "busybox" on the network "bridge"
    And on "docker-node2" a container "test2" from "busybox" on the network "bridge"
    When on "docker-node1" the container "test1" pings the address of "test2" on "docker-node2" in the network "bridge"
    Then the ping shows 0% packet loss
    And while "test1" on "docker-node1" pings "test2" on "docker-node2", the underlay carries VXLAN with VNI 100 on UDP port 8472 from "docker-node1" to "docker-node2" with "ICMP echo request" inside

  @vxlan
  Scenario: What flanneld does, step by step: leases in etcd, a VXLAN device, routes to the other subnet
    Given on "docker-node1" the subnet "10.15.64.0/20" is leased in etcd, with the VXLAN device "flannel.100" on VNI 100 and UDP port 8472
    And on "docker-node2" the subnet "10.13.48.0/20" is leased in etcd, with the VXLAN device "flannel.100" on VNI 100 and UDP port 8472
    Then in etcd on "docker-node2" the key "/coreos.com/network/subnets" lists 2 subnets
    And on "docker-node1" the interface "flannel.100" has the MTU 1450
    Given on "docker-node1" and "docker-node2" the other host's subnet is routed through "flannel.100", from its lease in etcd
    And the docker engines on "docker-node1" and "docker-node2" are restarted inside their flannel subnets
    And on "docker-node1" a container "test1" from "busybox" on the network "bridge"
    And on "docker-node2" a container "test2" from "busybox" on the network "bridge"
    Then on "docker-node1" the interface "eth0" of "test1" has an address in "10.15.64.0/20" and the MTU 1450
    And on "docker-node2" the interface "eth0" of "test2" has an address in "10.13.48.0/20" and the MTU 1450
    When on "docker-node1" the container "test1" pings the address of "test2" on "docker-node2" in the network "bridge"
    Then the ping shows 0% packet loss
    And while "test1" on "docker-node1" pings "test2" on "docker-node2", the underlay carries VXLAN with VNI 100 on UDP port 8472 from "docker-node1" to "docker-node2" with "ICMP echo request" inside
