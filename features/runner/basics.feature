@runner
Feature: Runner self-test basics
  The runner reads this file at run time and runs every scenario on Reqnroll.
  These scenarios need no Docker; their steps check arithmetic and text, so they fail if the runner passes
  the wrong values, tables or doc strings to the bindings.

  Background:
    Given the calculator is cleared

  Scenario: Adding two numbers
    When I add 2 and 3
    Then the result is 5
    But the result is not 6

  Scenario: Summing a data table
    When I add up the numbers in the table
      | number |
      | 3      |
      | 7      |
      | 42     |
    Then the result is 52

  Scenario: Counting lines of a doc string
    When I count the lines of this text
      """
      eth0: 192.168.0.10/24
      docker0: 172.17.0.1/16
      lo: 127.0.0.1/8
      """
    Then the text has 3 lines
    And the text contains "docker0"

  Scenario: Evidence written during a step shows under that step
    When a command printing 200 numbered lines is recorded as evidence
    Then 200 lines of evidence were recorded
