@docker @network @docker0 @single-host
Feature: Customize the docker0 bridge
  The default docker0 bridge comes with a default configuration: the IPAM driver's subnet and gateway,
  inter-container communication, IP masquerade, the binding address for published ports and the MTU.
  Those are what one changes when customizing docker0 (daemon options such as --bip).

  Handbook: Docker > Customize the docker0 bridge

  Background:
    Given the docker host "docker-host"

  Scenario: The default configuration of docker0, with one container connected
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    When I list the docker networks
    Then the docker networks include:
      | NAME   | DRIVER |
      | bridge | bridge |
    When I inspect the network "bridge"
    Then the network "bridge" has the subnet "172.17.0.0/16" and its Linux bridge holds the gateway "172.17.0.1"
    And the network "bridge" lists the container "test1"
    And the network "bridge" gives "test1" an address in "172.17.0.0/16"
    And the network "bridge" has these options:
      | option                                         | value   |
      | com.docker.network.bridge.default_bridge       | true    |
      | com.docker.network.bridge.enable_icc           | true    |
      | com.docker.network.bridge.enable_ip_masquerade | true    |
      | com.docker.network.bridge.host_binding_ipv4    | 0.0.0.0 |
      | com.docker.network.bridge.name                 | docker0 |
      | com.docker.network.driver.mtu                  | 1500    |
