@docker @engine @single-host
Feature: Docker Engine Basic
  "Docker" usually means Docker Engine: a client-server application made of the docker daemon, a REST API
  and the docker command line client that talks to the daemon through that API.
  The daemon runs as root, so only root, or a user in the "docker" group, may use its socket.

  Handbook: Docker > Docker Engine Basic

  Background:
    Given the docker host "docker-host"

  Scenario: docker version shows the client and the server, each with its API version
    When I ask the docker host for the docker version
    Then the client and the server both report a version and an API version
    And the client talks to the server in the server's API version

  Scenario: Docker without sudo: members of the docker group may use docker
    Given the docker socket belongs to the group "docker"
    When a user outside the docker group runs "docker images"
    Then the command fails
    And the output contains "permission denied"
    When a user in the docker group runs "docker images"
    Then the command succeeds
    And the output contains "REPOSITORY"
