@docker @docker-machine @remote-engine @two-node
Feature: Docker Machine: the local docker client drives a remote engine
  Docker Machine makes docker hosts ("machines": a VirtualBox VM, a cloud instance) and sets up their engines so that the
  docker client on your own machine can drive them. `docker-machine create` makes a CA, a client certificate and a
  server certificate, copies the server's to the machine, restarts its dockerd with --tlsverify on tcp://ADDRESS:2376,
  and `docker-machine env NAME` prints the DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH that point the client at
  it. The docker client also reaches an engine over SSH (DOCKER_HOST=ssh://…) and remembers engines as named contexts.

  Here docker-node1 is your own machine and docker-node2 (192.168.205.11) the machine. The docker-machine binary itself
  is not packaged here (Debian 12 has no docker-machine package; Docker archived the project in 2021), so
  "provisioned as a docker machine" does by hand what `docker-machine create` does to a host it did not make itself:
  openssl makes the certificates in docker-machine's store on docker-node1 (/root/.docker/machine/certs for the CA and
  the client, /root/.docker/machine/machines/docker-node2 for what `env` points at), scp copies ca.pem, server.pem and
  server-key.pem to /etc/docker on docker-node2, and its engine is restarted with daemon.json's hosts, tls and tlsverify.
  Everything is undone after each scenario.

  Handbook: Docker > Docker Machine on LocalHost (and Docker Machine with Amazon AWS)

  Background:
    Given the docker host "docker-node1"

  @ssh
  Scenario: Over SSH, the local docker client drives the remote engine
    Given on "docker-node2" a container "web" from "nginx"
    When I run "docker ps"
    Then the output does not show the container "web"
    When I run "DOCKER_HOST=ssh://root@192.168.205.11 docker ps"
    Then the output shows the container "web"
    When I run "DOCKER_HOST=ssh://root@192.168.205.11 docker info --format '{{.Name}}'"
    Then the output is "docker-node2"

  @tls
  Scenario: docker-machine env points the local client at the machine: docker images before and after
    Given "docker-node2" is provisioned as a docker machine for "docker-node1"
    And the image "nginx" is not on "docker-node1"
    And the image "nginx" is not on "docker-node2"
    And a file "docker-machine-env" with:
      """
      export DOCKER_TLS_VERIFY="1"
      export DOCKER_HOST="tcp://192.168.205.11:2376"
      export DOCKER_CERT_PATH="/root/.docker/machine/machines/docker-node2"
      export DOCKER_MACHINE_NAME="docker-node2"
      """
    When I run ". ./docker-machine-env && docker info --format '{{.Name}}'"
    Then the output is "docker-node2"
    When I run ". ./docker-machine-env && docker images"
    Then the output contains "REPOSITORY"
    And the output does not contain "nginx"
    When I run ". ./docker-machine-env && docker pull nginx"
    Then the command succeeds
    When I run ". ./docker-machine-env && docker images"
    Then the output contains "nginx"
    When I run "docker images"
    Then the output does not contain "nginx"

  @tls @docker-context
  Scenario: A docker context remembers the machine; docker context use switches the client to it
    Given "docker-node2" is provisioned as a docker machine for "docker-node1"
    And on "docker-node2" a container "web" from "nginx"
    When I create the docker context "remote" with "host=tcp://192.168.205.11:2376,ca=/root/.docker/machine/machines/docker-node2/ca.pem,cert=/root/.docker/machine/machines/docker-node2/cert.pem,key=/root/.docker/machine/machines/docker-node2/key.pem"
    And I switch to the docker context "remote"
    And I run "docker context ls"
    Then the output contains "remote *"
    And the output contains "tcp://192.168.205.11:2376"
    When I run "docker ps"
    Then the output shows the container "web"
    When I run "docker --context default ps"
    Then the output does not show the container "web"

  @tls
  Scenario: A client without the client certificate is refused
    Given "docker-node2" is provisioned as a docker machine for "docker-node1"
    When I run "DOCKER_HOST=tcp://192.168.205.11:2376 docker images"
    Then the command fails
    And the output contains "Client sent an HTTP request to an HTTPS server."
    When I run "mkdir ca-only && cp /root/.docker/machine/machines/docker-node2/ca.pem ca-only/"
    And I run "DOCKER_HOST=tcp://192.168.205.11:2376 DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=ca-only docker images"
    Then the command fails
    # the engine's TLS says it its way: Docker 20.10 "bad certificate"; Docker 26 (TLS 1.3) also "certificate required"
    And the output contains "remote error: tls: bad certificate" or "remote error: tls: certificate required"
    And the docker engine of "docker-node2" logged "tls: client didn't provide a certificate"
    # the server's own certificate is signed by the same CA, but it is no client certificate (extendedKeyUsage serverAuth)
    When I run "docker --tlsverify --tlscacert=ca-only/ca.pem --tlscert=/root/.docker/machine/machines/docker-node2/server.pem --tlskey=/root/.docker/machine/machines/docker-node2/server-key.pem -H=tcp://192.168.205.11:2376 images"
    Then the command fails
    And the output contains "remote error: tls: bad certificate"
    And the docker engine of "docker-node2" logged "x509: certificate specifies an incompatible key usage"
