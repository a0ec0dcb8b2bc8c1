@docker @images @base-image @single-host
Feature: Build a Base Image from Scratch
  A base image needs no parent: a statically linked program and a Dockerfile "FROM scratch" are enough.

  Handbook: Docker > Build a Base Image from Scratch

  Background:
    Given the docker host "docker-host"

  Scenario: A statically linked hello world becomes a tiny image that prints "hello docker"
    Given a C compiler that links statically
    And a file "hello.c" with:
      """
      #include<stdio.h>

      int main()
      {
      printf("hello docker\n");
      }
      """
    When I run "gcc -o hello -static hello.c"
    Then the command succeeds
    When I run "./hello"
    Then the output is "hello docker"
    Given a file "Dockerfile" with:
      """
      FROM scratch
      ADD hello /
      CMD ["/hello"]
      """
    When I build the image "xiaopeng163/hello-world"
    Then the docker host lists the image "xiaopeng163/hello-world:latest"
    And the image "xiaopeng163/hello-world" is smaller than 2 MB
    When I run a container from "xiaopeng163/hello-world"
    Then the output is "hello docker"
