@docker @network @host-network @single-host
Feature: Host Network Deep Dive
  In host network mode the container and the docker host share one network namespace:
  no veth pair, no address of its own; the container sees the host's interfaces and addresses.

  Handbook: Docker > Host Network Deep Dive

  Background:
    Given the docker host "docker-host"

  Scenario: A container on the host network has no veth pair and sees the host's interfaces
    When I start a container "test3" from "busybox" on network "host" running "sh -c 'while true; do sleep 3600; done'"
    Then the Linux bridge "docker0" has no interfaces
    When I inspect the network "host"
    Then the network "host" lists the container "test3" without an address
    And the interfaces in container "test3" are the docker host's interfaces
    And the interface "docker0" in container "test3" has the address "172.17.0.1/16"
    And the container "test3" has the docker host's addresses
