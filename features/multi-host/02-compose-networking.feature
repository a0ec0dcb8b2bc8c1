@compose @network @two-node @needs-docker-compose @compose-networking
Feature: Docker Compose Networking Deep Dive
  docker-compose creates one bridge network per entry under "networks:" (named <project>_<network>) and attaches each
  service's containers to the networks the service lists. Containers reach each other by service name only on a
  network they share: the front tier cannot see the database on the back tier.

  Handbook: Docker > Docker Compose Networking Deep Dive
  The compose file (compose/voting-app/docker-compose.yml) keeps the handbook's five services and two networks; the
  application images are replaced by images of the local catalog, as its comments explain. Containers are found by the
  project's labels, not by their names: compose v1 (Debian 12's docker-compose 1.29) named them
  examplevotingapp_voting-app_1, compose v2 (Debian 13 and later) examplevotingapp-voting-app-1.

  Background:
    Given the compose project "examplevotingapp" from "compose/voting-app" is up on "docker-node1"

  Scenario: Five containers on two bridge networks
    Then the compose project has the running containers:
      | service    | networks              |
      | voting-app | front-tier, back-tier |
      | result-app | front-tier, back-tier |
      | worker     | back-tier             |
      | redis      | back-tier             |
      | db         | back-tier             |
    And on "docker-node1" the network "examplevotingapp_front-tier" has the driver "bridge" and the scope "local"
    And on "docker-node1" the network "examplevotingapp_back-tier" has the driver "bridge" and the scope "local"
    And on "docker-node1" the network "examplevotingapp_front-tier" has exactly the containers of the compose services "result-app, voting-app"
    And on "docker-node1" the network "examplevotingapp_back-tier" has exactly the containers of the compose services "db, redis, result-app, voting-app, worker"
    And every container's address is inside the subnet of its network
    And the compose project publishes "0.0.0.0:5000->80/tcp" for "voting-app" and "0.0.0.0:5001->80/tcp" for "result-app"
    And the compose project publishes port 6379 of "redis" on a random host port

  Scenario: The front tier cannot reach the back tier's services
    Given on "docker-node1" a container "client" from "busybox" on the network "examplevotingapp_front-tier"
    Then on "docker-node1" the name "db" does not resolve in "client", with "bad address 'db'"
    And on "docker-node1" the name "redis" does not resolve in "client", with "bad address 'redis'"
    And on "docker-node1" the container "client" reaches "voting-app" by name
    And on "docker-node1" a container of the compose service "voting-app" reaches "db" by name
    And on "docker-node1" a container of the compose service "voting-app" reaches "redis" by name

  Scenario: The voting app answers on its published port and talks to redis over the back tier
    Given "http://192.168.205.10:5000/" answers on "docker-node1"
    When 3 requests to "http://192.168.205.10:5000/" are made from "docker-node1"
    Then every answer contains "Hello Container World! I have been seen"
    And the hit counts in the answers go up by one with each request
    And on "docker-node1" redis of the compose service "redis" holds the hit count of the last answer
    When I take the compose project down
    Then no container or network of the compose project is left on "docker-node1"
