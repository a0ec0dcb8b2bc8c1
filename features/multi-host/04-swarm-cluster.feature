@multi-host @swarm @swarm-cluster
Feature: Swarm Mode: Create a Docker Swarm Cluster
  Docker engines 1.12 and later have swarm mode built in: one engine becomes a manager with "docker swarm init",
  others join it as workers with the token the manager printed. Swarm brings its own overlay control plane,
  so no external key-value store is needed.

  Handbook: Docker > Swarm Mode: Create a Docker Swarm Cluster

  Background:
    Given a swarm initialized on "swarm-manager"

  Scenario: A worker joins the manager; node ls shows both nodes Ready
    Then "docker swarm init" printed the join command for workers with the manager address and port 2377
    When "swarm-worker1" joins the swarm as a worker
    Then the swarm has 2 nodes, all Ready and Active
    And "swarm-manager" is the Leader of the swarm
    And "swarm-worker1" is a worker of the swarm

  Scenario: Every node gets the docker_gwbridge and ingress networks
    When "swarm-worker1" joins the swarm as a worker
    Then on "swarm-manager" the network "docker_gwbridge" has the driver "bridge" and the scope "local"
    And on "swarm-manager" the network "ingress" has the driver "overlay" and the scope "swarm"
    And on "swarm-worker1" the network "docker_gwbridge" has the driver "bridge" and the scope "local"
    And on "swarm-worker1" the network "ingress" has the driver "overlay" and the scope "swarm"

  @overlay @vxlan
  Scenario: Containers on an attachable overlay network talk across swarm nodes in VXLAN
    Given "swarm-worker1" joins the swarm as a worker
    When on "swarm-manager" I create an attachable overlay network "demo"
    And on "swarm-manager" a container "test1" from "busybox" on the network "demo"
    And on "swarm-worker1" a container "test2" from "busybox" on the network "demo"
    Then on "swarm-worker1" the network "demo" has the driver "overlay" and the scope "swarm"
    And on "swarm-worker1" the interface "eth0" of "test2" has an address in the subnet of "demo" and the MTU 1450
    When on "swarm-manager" the container "test1" pings the address of "test2" on "swarm-worker1" in the network "demo"
    Then the ping shows 0% packet loss
    And while "test1" on "swarm-manager" pings "test2" on "swarm-worker1", the underlay carries VXLAN on UDP port 4789 from "swarm-manager" to "swarm-worker1" with "ICMP echo request" inside
