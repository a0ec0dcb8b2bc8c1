@multi-host @overlay @etcd @vxlan @two-node @needs-etcd @needs-vxlan @overlay-etcd
Feature: Multi-Host Overlay Networking with Etcd
  Without swarm mode, Docker engines can share overlay networks through an external key-value store.
  etcd is the management plane: the engines register themselves and store networks and endpoints in it.
  VXLAN in the kernel is the data plane: container traffic between hosts travels in UDP packets on port 4789.

  Handbook: Docker > Multi-Host Overlay Networking with Etcd
  Note: cluster-store/cluster-advertise exist up to Docker 20.10 (deprecated there; removed in Docker 23.0): on newer
  engines the scenarios that need them (@needs-cluster-store) are skipped saying so, and the last scenario shows the lab's
  point the way today's Docker does it, with an attachable overlay network of a swarm.
  etcd 3.4 needs --enable-v2=true because Docker's store client speaks only the v2 API.

  Background:
    Given an etcd cluster with members on "docker-node1" and "docker-node2"

  Scenario: A two-node etcd cluster is healthy
    When I check the etcd cluster health on "docker-node2"
    Then the etcd cluster is healthy with 2 healthy members

  @needs-cluster-store
  Scenario: An overlay network created on one host appears on the other, stored in etcd
    Given the docker engines on "docker-node1" and "docker-node2" are restarted with the etcd cluster store
    When on "docker-node1" I create an overlay network "demo"
    Then on "docker-node1" the network "demo" has the driver "overlay" and the scope "global"
    And on "docker-node2" the network "demo" has the driver "overlay" and the scope "global"
    And on "docker-node2" the network "demo" has the subnet "10.0.0.0/24"
    And in etcd on "docker-node2" the key "/docker/nodes" lists both docker engines
    And in etcd on "docker-node2" the key "/docker/network/v1.0/network" lists the network "demo" by its ID

  @needs-cluster-store
  Scenario: Containers on two hosts reach each other over the overlay, in VXLAN on the wire
    Given the docker engines on "docker-node1" and "docker-node2" are restarted with the etcd cluster store
    And on "docker-node1" I create an overlay network "demo"
    And on "docker-node1" a container "test1" from "busybox" on the network "demo"
    When on "docker-node2" I start a container "test1" from "busybox" on the network "demo"
    Then it is refused with "already exists"
    Given on "docker-node2" a container "test2" from "busybox" on the network "demo"
    Then on "docker-node1" the interface "eth0" of "test1" has an address in "10.0.0.0/24" and the MTU 1450
    And on "docker-node1" the container "test1" also has an interface in the network "docker_gwbridge"
    And in etcd on "docker-node2" the endpoint "test1" of the network "demo" is located at "docker-node1"
    When on "docker-node1" the container "test1" pings the address of "test2" on "docker-node2" in the network "demo"
    Then the ping shows 0% packet loss
    And while "test1" on "docker-node1" pings "test2" on "docker-node2", the underlay carries VXLAN on UDP port 4789 from "docker-node1" to "docker-node2" with "ICMP echo request" inside

  @swarm-overlay
  Scenario: Today's Docker: two engines share an attachable overlay network of a swarm, in VXLAN on the wire
    # Docker 23 removed --cluster-store: engines share overlay networks through swarm mode's own store instead of etcd,
    # and "--attachable" lets plain "docker run" containers (not only services) join them.
    Given a swarm initialized on "docker-node1"
    And "docker-node2" joins the swarm as a worker
    And on "docker-node1" I create an attachable overlay network "demo"
    And on "docker-node1" a container "test1" from "busybox" on the network "demo"
    And on "docker-node2" a container "test2" from "busybox" on the network "demo"
    Then on "docker-node1" the network "demo" has the driver "overlay" and the scope "swarm"
    And on "docker-node2" the network "demo" has the driver "overlay" and the scope "swarm"
    And on "docker-node1" the interface "eth0" of "test1" has an address in the subnet of "demo" and the MTU 1450
    And on "docker-node1" the container "test1" also has an interface in the network "docker_gwbridge"
    When on "docker-node1" the container "test1" pings the address of "test2" on "docker-node2" in the network "demo"
    Then the ping shows 0% packet loss
    And while "test1" on "docker-node1" pings "test2" on "docker-node2", the underlay carries VXLAN on UDP port 4789 from "docker-node1" to "docker-node2" with "ICMP echo request" inside
