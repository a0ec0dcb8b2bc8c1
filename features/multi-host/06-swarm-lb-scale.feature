@multi-host @swarm @load-balancing @swarm-lb
Feature: Docker Swarm with Load Balancing and Scaling
  Requests to a service are spread over its replicas. whoami answers "I'm <container hostname>", so the answers show
  which replica served each request.

  Handbook: Docker > Docker Swarm with Load Balancing and Scaling
  The handbook publishes with the routing mesh (IPVS virtual IP on every node). Where the kernel has no IPVS, the same
  idea is shown with DNS round robin (--endpoint-mode dnsrr, "tasks.<service>") and with ports published on each node.

  Background:
    Given a swarm of "swarm-manager" with the workers "swarm-worker1", "swarm-worker2" and "swarm-worker3"

  @needs-ipvs @routing-mesh
  Scenario: The handbook's helloworld behind the routing mesh answers from several replicas
    When on the manager I create the service "helloworld" with "--replicas 1 --publish 80:8000" from "whoami"
    Then the service "helloworld" has 1 running task
    And 4 requests to "http://127.0.0.1:80/" from "swarm-manager" reach at least 1 replica
    When I scale the service "helloworld" to 5
    Then the service "helloworld" has 5 running tasks
    And 12 requests to "http://127.0.0.1:80/" from every node reach at least 3 different replicas

  Scenario: DNS round robin spreads requests from every node over the replicas
    Given on "swarm-manager" I create an attachable overlay network "lb"
    When on the manager I create the service "helloworld" with "--replicas 1 --endpoint-mode dnsrr --network lb" from "whoami"
    Then the service "helloworld" has 1 running task
    When I scale the service "helloworld" to 4
    Then the service "helloworld" has 4 running tasks on at least 3 different nodes
    Given a client container "client" from "busybox" on the network "lb" on every node
    Then the name "tasks.helloworld" resolves to 4 addresses in "client" on "swarm-manager"
    And 12 requests to "http://helloworld:8000/" from "client" on every node reach at least 2 different replicas

  Scenario: Ports published on every node (host mode) answer from a different replica each
    When on the manager I create the service "helloworld" with "--mode global --publish mode=host,published=80,target=8000" from "whoami"
    Then the service "helloworld" has 4 running tasks on 4 different nodes
    And 8 requests from "swarm-manager" to port 80 of every node reach 4 different replicas
