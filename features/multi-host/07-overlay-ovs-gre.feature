@multi-host @overlay @two-node @openvswitch
Feature: Multi-Host Overlay Networking with Open vSwitch
  The docker0 bridges of two hosts are joined at layer 2 through a tunnel between the hosts: containers on
  docker0 of host 2 reach containers on docker0 of host 1 as if they shared one bridge. The handbook does it with an
  Open vSwitch bridge and a GRE port; the tunnel can equally be a kernel VXLAN device enslaved to docker0.
  Both docker0 bridges use 172.17.0.0/16, so container addresses must not collide across the hosts.

  Handbook: Docker > Multi-Host Overlay Networking with Open vSwitch

  Background:
    Given on "docker-node2" a container "container1" from "busybox" on the network "bridge"
    And on "docker-node1" a container "container1" from "busybox" on the network "bridge"
    And on "docker-node1" a container "container2" from "busybox" on the network "bridge"
    And on "docker-node1" the container "container1" is stopped, because it has the same address as "container1" on "docker-node2"

  Scenario: Without a tunnel, container2 on host 1 cannot reach container1 on host 2
    When on "docker-node1" the container "container2" pings the address of "container1" on "docker-node2" in the network "bridge"
    Then the ping shows 100% packet loss

  @gre @needs-openvswitch @needs-gre
  Scenario: An OVS bridge with a GRE port joins the docker0 bridges (the handbook's way)
    Given on "docker-node1" an Open vSwitch bridge "br-int" linked to "docker0" by a veth pair
    And on "docker-node2" an Open vSwitch bridge "br-int" linked to "docker0" by a veth pair
    And on "docker-node1" a GRE port "gre0" on "br-int" to "docker-node2"
    And on "docker-node2" a GRE port "gre0" on "br-int" to "docker-node1"
    When on "docker-node2" the container "container1" pings the address of "container2" on "docker-node1" in the network "bridge"
    Then the ping shows 0% packet loss
    And while "container1" on "docker-node2" pings "container2" on "docker-node1", the underlay carries GRE from "docker-node2" to "docker-node1" with "ICMP echo request" inside

  @vxlan
  Scenario: A VXLAN device on each docker0 joins the bridges (same idea, where GRE and OVS are missing)
    Given on "docker-node1" a VXLAN tunnel "vxlan0" with VNI 42 to "docker-node2" on the bridge "docker0"
    And on "docker-node2" a VXLAN tunnel "vxlan0" with VNI 42 to "docker-node1" on the bridge "docker0"
    When on "docker-node2" the container "container1" pings the address of "container2" on "docker-node1" in the network "bridge"
    Then the ping shows 0% packet loss
    And while "container1" on "docker-node2" pings "container2" on "docker-node1", the underlay carries VXLAN with VNI 42 on UDP port 4789 from "docker-node2" to "docker-node1" with "ICMP echo request" inside
