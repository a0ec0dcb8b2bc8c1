@runner
Feature: Runner self-test outlines and rules
  An outline becomes one test per Examples row; tags of the feature, rule, scenario and examples
  become NUnit categories.

  @outline
  Scenario Outline: Multiplying <a> by <b>
    Given the calculator is cleared
    When I multiply <a> by <b>
    Then the result is <product>

    @small
    Examples: small numbers
      | a | b | product |
      | 2 | 3 | 6       |
      | 4 | 5 | 20      |

    @large
    Examples: large numbers
      | a    | b   | product |
      | 1000 | 250 | 250000  |

  @rule-tag
  Rule: Text is compared exactly
    Background:
      Given the text "Docker"

    Scenario: Upper case
      When the text is turned to upper case
      Then the text is "DOCKER"

    Scenario: Length
      Then the text has 6 characters
