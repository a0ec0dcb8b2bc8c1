@docker @network @network-overview @single-host
Feature: Docker Network Overview
  When you install Docker, it creates three networks automatically: bridge, host and none.

  Handbook: Docker > Docker Network Overview

  Background:
    Given the docker host "docker-host"

  Scenario: docker network ls lists the three default networks
    When I list the docker networks
    Then the docker networks include:
      | NAME   | DRIVER |
      | bridge | bridge |
      | host   | host   |
      | none   | null   |

  Scenario: A container on the "none" network has only the loopback interface
    Given a container "isolated" from "busybox" on network "none" running "sh -c 'while true; do sleep 3600; done'"
    Then the interfaces in container "isolated" are "lo"
