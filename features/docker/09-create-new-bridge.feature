@docker @network @user-defined-bridge @single-host @needs-bridge @needs-veth
Feature: Create a new bridge network and connect with container
  "docker network create -d bridge" creates another Linux bridge, named br-<network id>, with a subnet of its own.
  Containers can be started on it, or connected to it later (they get one more interface, eth1).
  On a user-defined bridge containers find each other by name; on the default bridge they cannot.

  Handbook: Docker > Create a new bridge network and connect with container

  Background:
    Given the docker host "docker-host"

  Scenario: Create a new bridge network
    When I create the bridge network "my-bridge"
    And I list the docker networks
    Then the docker networks include:
      | NAME      | DRIVER |
      | bridge    | bridge |
      | my-bridge | bridge |
    And the Linux bridge of the network "my-bridge" is named after the network's ID
    # The handbook got 172.18.0.0/16, the /16 after docker0's 172.17.0.0/16, on a fresh engine. An engine that made
    # networks before gives the next /16 after its last one, so there the address is checked against the network's own
    # IPAM config; on a fresh engine (its events show no network made before) the handbook's values are checked.
    And the network "my-bridge" has a subnet in "172.16.0.0/12" other than "172.17.0.0/16"
    And on a fresh engine the network "my-bridge" has the handbook's subnet "172.18.0.0/16" and gateway "172.18.0.1"
    And the Linux bridge of the network "my-bridge" has the network's gateway address
    And the Linux bridge of the network "my-bridge" has no interfaces

  Scenario: A container started on the new bridge gets an address from it
    Given a bridge network "my-bridge"
    When I start a container "test1" from "busybox" on network "my-bridge" running "sh -c 'while true; do sleep 3600; done'"
    Then the interface "eth0" in container "test1" has an address in the subnet of the network "my-bridge"
    And the host side of the veth pair of "test1" is attached to the Linux bridge of the network "my-bridge"
    And the Linux bridge "docker0" has no interfaces

  Scenario: Connect containers to the new bridge; they ping each other by name
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    And a container "test2" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    And a bridge network "demo-bridge"
    When I connect the container "test1" to the network "demo-bridge"
    Then the interfaces in container "test1" are "lo, eth0, eth1"
    And the interface "eth1" in container "test1" has an address in the subnet of the network "demo-bridge"
    When I inspect the network "demo-bridge"
    Then the network "demo-bridge" lists the container "test1"
    And the network "demo-bridge" does not list the container "test2"
    When I connect the container "test2" to the network "demo-bridge"
    And I inspect the network "demo-bridge"
    Then the network "demo-bridge" lists the container "test2"
    And the Linux bridge of the network "demo-bridge" has 2 interfaces
    When "test1" pings "test2"
    Then the ping shows 0% packet loss

  Scenario: On the default bridge, containers cannot find each other by name
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    And a container "test2" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    When "test1" pings "test2"
    Then the ping fails with "bad address"
    When "test1" pings the address of "test2"
    Then the ping shows 0% packet loss

  Scenario: Disconnect a container from the new bridge; eth1 goes away
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    And a bridge network "demo-bridge"
    And I connect the container "test1" to the network "demo-bridge"
    When I disconnect the container "test1" from the network "demo-bridge"
    Then the interfaces in container "test1" are "lo, eth0"
    When I inspect the network "demo-bridge"
    Then the network "demo-bridge" does not list the container "test1"
