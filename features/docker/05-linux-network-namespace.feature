@network @netns @single-host @needs-veth
Feature: Linux Network Namespace Introduction
  Each docker container has its own network namespace: its own interfaces, addresses and routing table.
  Here we create one by hand with "ip netns", connect it to the docker host with a veth pair, and ping across.
  Everything runs inside the lab's docker host, never on the machine running the tests.

  Handbook: Docker > Linux Network Namespace Introduction

  Background:
    Given the docker host "docker-host"

  Scenario: Create, list and delete a network namespace
    When I add the network namespace "test1"
    Then the network namespaces include "test1"
    When I delete the network namespace "test1"
    Then the network namespaces do not include "test1"

  Scenario: A new namespace has only a loopback interface, and it is down until we bring it up
    Given the network namespace "test1"
    Then the interfaces in namespace "test1" are "lo"
    And the interface "lo" in namespace "test1" is DOWN
    When I bring up the interface "lo" in namespace "test1"
    Then the interface "lo" in namespace "test1" is UNKNOWN

  Scenario: A veth pair connects the namespace to the docker host, and they ping each other
    Given the network namespace "test1"
    When I create the veth pair "veth-a" and "veth-b"
    Then the docker host has the interface "veth-a"
    And the docker host has the interface "veth-b"
    When I move the interface "veth-b" into namespace "test1"
    Then the docker host does not have the interface "veth-b"
    And the interfaces in namespace "test1" are "lo, veth-b"
    When I assign "192.168.1.1/24" to the interface "veth-a"
    And I bring up the interface "veth-a"
    Then the interface "veth-a" has the address "192.168.1.1/24"
    # "veth-a has an IP address, but its status is DOWN": it is up, but has no carrier while its other end (veth-b) is down.
    # (ip shows <NO-CARRIER,BROADCAST,MULTICAST,UP>; the state word is DOWN or LOWERLAYERDOWN depending on the kernel.)
    And the interface "veth-a" has no carrier
    When I assign "192.168.1.2/24" to the interface "veth-b" in namespace "test1"
    And I bring up the interface "veth-b" in namespace "test1"
    Then the interface "veth-a" is UP
    And the interface "veth-b" in namespace "test1" is UP
    When the docker host pings "192.168.1.2"
    Then the ping shows 0% packet loss
