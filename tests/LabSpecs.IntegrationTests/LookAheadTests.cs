using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests;

/// <summary>An environment made ahead (for the feature that starts next) is really made, and the next caller gets it.</summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class LookAheadTests
{
    [Test]
    public async Task An_environment_made_ahead_is_made_in_the_background_and_is_the_one_the_next_caller_gets()
    {
        // Given no idle single-host environment in this process (no test here gives one back), one is prepared ahead
        var before = Teardown.KnownIds();
        LabEnvironments.PrepareAhead("single-host").ShouldBeTrue();
        LabEnvironments.PrepareAhead("single-host").ShouldBeFalse(); // one is being made: not a second

        // Then a new environment appears on the machine without anybody asking for it yet
        var made = await Eventually.UntilAsync("an environment made ahead appears",
            _ => Task.FromResult(Teardown.KnownIds().Except(before).ToList()), ids => ids.Count == 1, TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(100));

        // And the next caller gets that one, ready
        var env = await LabEnvironments.GetAsync("single-host", new ProgressToTestContext()).WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            env.Id.ShouldBe(made.Value.Single());
            (await env.Host("docker-host").ExecAsync("docker version --format '{{.Server.Version}}'")).EnsureSuccess();
        }
        finally
        {
            await LabEnvironments.RemoveAsync(env);
        }
    }

    [Test]
    public void Topologies_whose_features_take_turns_or_that_have_no_hosts_to_make_are_not_prepared_ahead()
    {
        LabEnvironments.PrepareAhead("swarm").ShouldBeFalse();
    }
}
