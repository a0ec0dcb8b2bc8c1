@docker @cli @single-host
Feature: Docker Command Line Step by Step
  Images are pulled from a registry or built from a Dockerfile; containers are started from images,
  in the foreground (interactive) or in the background, listed, filtered and removed in batches.
  The handbook's ubuntu/centos images are replaced by images the lab registry serves (redis, busybox);
  the handbook's redis image is built FROM redis instead of installing redis with apt-get.

  Handbook: Docker > Docker Command Line Step by Step

  Background:
    Given the docker host "docker-host"

  @images
  Scenario: docker pull downloads an image once; the second pull finds it up to date
    Given the image "redis" is not on the docker host
    When I pull the image "redis"
    Then the output contains "Downloaded newer image for redis"
    When I pull the image "redis"
    Then the output contains "Image is up to date for redis"

  @images
  Scenario: docker build creates an image from a Dockerfile; history shows one layer per instruction
    Given a file "Dockerfile" with:
      """
      FROM        redis
      LABEL       maintainer="xiaoquwl@gmail.com"
      EXPOSE      6379
      ENTRYPOINT  ["redis-server"]
      """
    When I build the image "xiaopeng163/redis:0.1"
    Then the command succeeds
    And the docker host lists the image "xiaopeng163/redis:0.1"
    And the docker host lists the image "redis:latest"
    When I show the history of the image "xiaopeng163/redis:0.1"
    Then the output contains "ENTRYPOINT"
    And the output contains "EXPOSE 6379"

  @images
  Scenario: docker rmi removes an image
    Given a file "Dockerfile" with:
      """
      FROM busybox
      CMD ["echo", "hello"]
      """
    And I build the image "ls-demo/rmi-me:0.1"
    When I remove the image "ls-demo/rmi-me:0.1"
    Then the output contains "Untagged: ls-demo/rmi-me:0.1"
    And the docker host no longer lists the image "ls-demo/rmi-me:0.1"

  @containers
  Scenario: Start a container in interactive mode and type commands into it
    When I run an interactive container "test3" from "busybox" and type:
      """
      pwd
      ls /
      ifconfig
      exit
      """
    Then the output has the line "/"
    And the output has the line "bin"
    And the output contains "inet addr:172.17.0."
    And the container "test3" has exited

  @containers
  Scenario: Start a container in the background and see it with docker ps
    Given a file "Dockerfile" with:
      """
      FROM        redis
      EXPOSE      6379
      ENTRYPOINT  ["redis-server"]
      """
    And I build the image "xiaopeng163/redis:0.1"
    When I start a container "demo" from "xiaopeng163/redis:0.1" in the background
    And I list the running containers
    Then the output shows the container "demo" with the status "Up"
    And the output contains "6379/tcp"

  @containers
  Scenario: Filter exited containers, list only their IDs, and remove them in one go
    Given a container "test1" from "busybox" running "sh -c 'while true; do sleep 3600; done'"
    And a container "test2" from "busybox" running "true"
    And a container "test3" from "busybox" running "true"
    And the container "test2" has exited
    And the container "test3" has exited
    When I list the exited containers
    Then the output shows the container "test2"
    And the output shows the container "test3"
    And the output does not show the container "test1"
    When I list only the IDs of the exited containers
    Then the output shows the ID of "test2"
    And the output shows the ID of "test3"
    And the output does not show the ID of "test1"
    When I remove all exited containers
    Then the output shows the ID of "test2"
    And there are no exited containers on the docker host
    And the container "test1" is running
