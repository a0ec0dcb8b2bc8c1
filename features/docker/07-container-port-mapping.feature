@docker @network @port-mapping @single-host @needs-iptables
Feature: Container Port Mapping in Bridge networking
  Containers reach the outside world through MASQUERADE, but the outside world cannot reach a container
  unless one of its ports is published on the docker host: docker then adds a DNAT rule for that port.

  Handbook: Docker > Container Port Mapping in Bridge networking

  Background:
    Given the docker host "docker-host"

  Scenario: Outgoing connections are masqueraded; docker0 has 172.17.0.1
    When I list the nat table
    Then the nat table has a MASQUERADE rule for "172.17.0.0/16"
    And the interface "docker0" has the address "172.17.0.1/16"

  Scenario: Without publishing, nginx is reachable from the docker host at the container's address only
    Given a container "demo" from "nginx"
    When I list the running containers
    Then the output shows the container "demo" with the ports "80/tcp"
    When the docker host fetches port 80 of the container "demo"
    Then the page shows "Welcome to nginx!"
    When a machine outside the docker host fetches port 80 of the container "demo"
    Then the command fails

  Scenario: "-p 80" publishes the container's port 80 on a random port of the docker host
    When I start a container "demo" from "nginx" publishing "80"
    Then the container "demo" publishes port 80 on a random host port
    When I list the running containers
    Then the output contains "->80/tcp"
    When the docker host fetches the published port 80 of "demo" at "192.168.205.10"
    Then the page shows "Welcome to nginx!"
    When I list the nat table
    Then the nat table has a DNAT rule from the published port 80 of "demo" to its address
    And the nat table has a MASQUERADE rule for port 80 of "demo"
    And the nat table has a MASQUERADE rule for "172.17.0.0/16"

  Scenario: "-p 80:80" publishes the container's port 80 on port 80 of the docker host
    When I start a container "demo1" from "nginx" publishing "80:80"
    Then the container "demo1" publishes port 80 on host port 80
    When the docker host fetches the published port 80 of "demo1" at "192.168.205.10"
    Then the page shows "Welcome to nginx!"
    When I list the nat table
    Then the nat table has a DNAT rule from the published port 80 of "demo1" to its address

  Scenario: A published port is reachable from outside the docker host
    When I start a container "demo" from "nginx" publishing "80"
    And a machine outside the docker host fetches the published port 80 of "demo" at "192.168.205.10"
    Then the page shows "Welcome to nginx!"
