@docker @network @bridge @single-host @needs-bridge @needs-veth @needs-iptables
Feature: Bridge Networking Deep Dive
  The "bridge" network is the docker0 Linux bridge on the docker host. Every container started without
  --network gets a network namespace of its own and a veth pair: eth0 inside the container, a veth on docker0
  outside. Containers on docker0 reach each other directly, and the outside world through NAT (MASQUERADE).

  Handbook: Docker > Bridge Networking Deep Dive

  Background:
    Given the docker host "docker-host"

  Scenario: The docker0 bridge, with no container connected
    When I list the docker networks
    Then the docker networks include:
      | NAME   | DRIVER |
      | bridge | bridge |
      | host   | host   |
      | none   | null   |
    When I inspect the network "bridge"
    Then the network "bridge" has the subnet "172.17.0.0/16" and the gateway "172.17.0.1"
    And the network "bridge" has no containers
    And the network "bridge" has the option "com.docker.network.bridge.name" set to "docker0"
    And the Linux bridge of the network "bridge" is "docker0"
    And the interface "docker0" has the address "172.17.0.1/16"
    And the interface "docker0" is DOWN
    And the Linux bridge "docker0" has no interfaces

  Scenario: A container gets a veth pair; its host side is attached to docker0
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    Then the interface "docker0" is UP
    And the Linux bridge "docker0" has 1 interface
    And the host side of the veth pair of "test1" is attached to "docker0"
    And the interfaces in container "test1" are "lo, eth0"
    And the interface "eth0" in container "test1" has an address in "172.17.0.0/16"

  Scenario: Reach the container's network namespace through the PID of its process
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    When I look up the PID of the container "test1"
    And I list the namespaces of that process
    Then the output contains "net -> net:["
    When I expose the network namespace of that process as "test1-net"
    Then the network namespaces include "test1-net"
    And the interfaces in namespace "test1-net" are "lo, eth0"
    And the interface "eth0" in namespace "test1-net" is UP

  Scenario: Two containers on docker0 reach each other
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    And a container "test2" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    Then the Linux bridge "docker0" has 2 interfaces
    And the host side of the veth pair of "test1" is attached to "docker0"
    And the host side of the veth pair of "test2" is attached to "docker0"
    When I inspect the network "bridge"
    Then the network "bridge" lists the container "test1"
    And the network "bridge" lists the container "test2"
    When "test1" pings the address of "test2"
    Then the ping shows 0% packet loss

  Scenario: Containers reach the outside world through NAT: docker MASQUERADEs 172.17.0.0/16
    When I list the nat table
    Then the nat table has a MASQUERADE rule for "172.17.0.0/16"

  # Two scenarios that exist only in this recorded fixture (tests/LabSpecs.UnitTests/Recorded/Site): the site must show
  # a failure with its command output and diagnostics, and a skip with its reason in one line.
  Scenario: Fixture: an expectation changed on purpose fails with its output and diagnostics
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    When I inspect the network "bridge"
    Then the network "bridge" has the subnet "172.31.0.0/16" and the gateway "172.31.0.1"

  @needs-gre
  Scenario: Fixture: a scenario that needs GRE is skipped with the reason
    When I list the docker networks
