@multi-host @swarm @swarm-service
Feature: Docker Swarm: Create and Scale a Service
  A service is the desired state of a set of tasks (containers); the swarm manager schedules the tasks on its nodes
  and keeps their number at the replica count. "docker service scale" changes that number.

  Handbook: Docker > Docker Swarm: Create and Scale a Service

  Background:
    Given a swarm of "swarm-manager" with the workers "swarm-worker1", "swarm-worker2" and "swarm-worker3"

  @needs-ipvs @routing-mesh
  Scenario: The handbook's service, published on port 80 of every node through the routing mesh
    When on the manager I create the service "myapp" with "--publish 80:80/tcp" from "nginx"
    Then the service "myapp" has 1 running task
    And "docker service inspect myapp --pretty" shows "Replicas: 1" and "PublishedPort = 80"
    And the page at "http://192.168.99.100:80/" fetched from "swarm-manager" shows "Welcome to nginx!"
    When I scale the service "myapp" to 2
    Then the service "myapp" has 2 running tasks
    And "docker service inspect myapp --pretty" shows "Replicas: 2"

  Scenario: The same service with its port published on the node that runs each task (host mode)
    When on the manager I create the service "myapp" with "--publish mode=host,published=80,target=80" from "nginx"
    Then the service "myapp" has 1 running task
    And "docker service inspect myapp --pretty" shows "Replicas: 1" and "PublishedPort = 80"
    And the page on port 80 of the node running "myapp" shows "Welcome to nginx!"
    When I scale the service "myapp" to 2
    Then the service "myapp" has 2 running tasks on 2 different nodes
    And "docker service inspect myapp --pretty" shows "Replicas: 2"
    And the page on port 80 of every node running "myapp" shows "Welcome to nginx!"

  Scenario: Replicas are spread over the nodes and follow the replica count
    When on the manager I create the service "web" with "--replicas 3" from "busybox" running "sleep 3600"
    Then the service "web" has 3 running tasks on 3 different nodes
    When I scale the service "web" to 5
    Then the service "web" has 5 running tasks on 4 different nodes
    When I scale the service "web" to 2
    Then the service "web" has 2 running tasks
