using LabSpecs.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Runner;

/// <summary>"Did you mean" for a step no binding matches: phrases from the step catalog (rows as in docs/step-catalog.md).</summary>
public class StepSuggestionsTests
{
    private static readonly CatalogEntry[] Catalog =
    [
        new("Container", "Given", "a container {string} from {string}", "ContainerSteps.GivenAContainer", "a container \"demo\" from \"nginx\""),
        new("Container", "Given", "a container {string} from {string} on network {string}", "ContainerSteps.GivenAContainerOnNetwork", null),
        new("Kubernetes", "Given", "the service {string} from {string}", "PodSteps.GivenTheService", "the service \"redis\" from \"db-svc.yml\""),
        new("Linux Bridge", "Then", "the Linux bridge {string} has {int} interface(s)", "LinuxBridgeSteps.ThenTheLinuxBridgeHasInterfaces", "the Linux bridge \"docker0\" has 1 interface"),
        new("Ping", "Then", "the ping shows {int}% packet loss", "PingSteps.ThenLoss", "the ping shows 0% packet loss"),
    ];

    [Test]
    public void A_typo_suggests_the_phrase_one_letter_away_with_its_example_and_not_the_far_ones()
    {
        var closest = StepSuggestions.Closest("a contaner \"test1\" from \"busybox\"", "Given", Catalog);

        closest.Select(StepSuggestions.Describe).First().ShouldBe("a container {string} from {string} (e.g. a container \"demo\" from \"nginx\")");
        closest.Select(e => e.Pattern).ShouldNotContain("the service {string} from {string}");
    }

    [Test]
    public void Numbers_and_optional_letters_are_read_as_the_phrase_reads_them()
    {
        StepSuggestions.Shape("the ping shows 10% packet loss from \"a b\"").ShouldBe("the ping shows {int}% packet loss from {string}");
        StepSuggestions.Closest("the Linux bridge \"docker0\" has 2 interfaces", "Then", Catalog).First().Pattern
            .ShouldBe("the Linux bridge {string} has {int} interface(s)");
        StepSuggestions.Closest("the pong shows 0% packet loss", "Then", Catalog).First().Pattern.ShouldBe("the ping shows {int}% packet loss");
    }

    [Test]
    public void Words_unlike_any_phrase_suggest_nothing()
    {
        StepSuggestions.Closest("the moon is made of cheese", "Then", Catalog).ShouldBeEmpty();
    }
}
