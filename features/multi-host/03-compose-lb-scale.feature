@compose @load-balancing @two-node @needs-docker-compose @compose-lb
Feature: Docker Compose Load Balancing and Scaling
  A load balancer in front of a scaled service: "docker-compose up --scale web=3" (the handbook's
  "docker-compose scale web=3") starts more whoami containers, and the balancer spreads requests over them.

  Handbook: Docker > Docker Compose Load Blancing and Scaling

  Background:
    Given the compose project "lbscaling" from "compose/lb-scaling" is up on "docker-node1"
    And "http://192.168.205.10:80/" answers on "docker-node1"

  Scenario: One web container behind the load balancer
    Then the compose project has 1 running container of "web" and 1 of "lb"
    And the compose project publishes "0.0.0.0:80->80/tcp" for "lb"
    And 4 requests to "http://192.168.205.10:80/" from "docker-node1" reach exactly 1 replica

  Scenario: Scaled to three, answers come from three different containers
    When I scale the compose service "web" to 3
    Then the compose project has 3 running containers of "web" and 1 of "lb"
    And 12 requests to "http://192.168.205.10:80/" from "docker-node1" reach at least 3 different replicas
