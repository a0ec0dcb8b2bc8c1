using LabSpecs.Core;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Environments.Pool;

/// <summary>An environment made ahead (for the feature that starts next) is really made, and the next caller gets it.</summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class LookAheadTests
{
    [Test]
    public async Task An_environment_made_ahead_is_made_in_the_background_and_is_the_one_the_next_caller_gets()
    {
        // Given no idle single-host environment in this process (no test here gives one back), one is prepared ahead
        var pool = LabEnvironments.NewPool(new PoolPolicies(LookAhead: true));
        var before = Teardown.KnownIds();
        pool.PrepareAhead("single-host").ShouldBeTrue();
        pool.PrepareAhead("single-host").ShouldBeFalse(); // one is being made: not a second

        // Then a new environment appears on the machine without anybody asking for it yet
        var made = await Eventually.UntilAsync("an environment made ahead appears",
            _ => Task.FromResult(Teardown.KnownIds().Except(before).ToList()), ids => ids.Count == 1, TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(100));

        // And the next caller gets that one, ready
        var env = await pool.GetAsync("single-host", new ProgressToTestContext()).WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            env.Id.ShouldBe(made.Value.Single());
            (await env.Host("docker-host").ExecAsync("docker version --format '{{.Server.Version}}'")).EnsureSuccess();
        }
        finally
        {
            await pool.DisposeAllAsync();
        }
    }

    [Test]
    public async Task A_spare_is_made_in_the_background_and_a_replacement_takes_it_and_removes_the_changed_environment()
    {
        // Given an environment a scenario changed, and a spare of its topology being made for its replacement (a topology
        // whose features take turns: there a spare still being made is handed to whoever asks first)
        var changed = await LabEnvironments.GetAsync("swarm", new ProgressToTestContext());
        ILabEnvironment? fresh = null;
        try
        {
            var before = Teardown.KnownIds();
            LabEnvironments.Pool.PrepareSpare(changed);
            var made = await Eventually.UntilAsync("a spare appears",
                _ => Task.FromResult(Teardown.KnownIds().Except(before).ToList()), ids => ids.Count == 1, TimeSpan.FromSeconds(60),
                TimeSpan.FromMilliseconds(100));

            // When it is replaced (the spare's own making must not wait for itself)
            fresh = await LabEnvironments.Pool.ReplaceAsync(changed).WaitAsync(TimeSpan.FromSeconds(60));

            // Then the replacement is the spare, it works, and the changed environment is gone from the machine
            fresh.Id.ShouldBe(made.Value.Single());
            (await fresh.Host("swarm-manager").ExecAsync("docker version --format '{{.Server.Version}}'")).EnsureSuccess();
            await LabEnvironments.Pool.SettleAsync();
            Teardown.KnownIds().ShouldNotContain(changed.Id);
        }
        finally
        {
            if (fresh is not null) await LabEnvironments.RemoveAsync(fresh);
            if (Teardown.KnownIds().Contains(changed.Id)) await LabEnvironments.RemoveAsync(changed);
        }
    }

    [Test]
    public void Topologies_whose_features_take_turns_or_that_have_no_hosts_to_make_are_not_prepared_ahead()
    {
        LabEnvironments.NewPool(new PoolPolicies(LookAhead: true)).PrepareAhead("swarm").ShouldBeFalse();
    }
}
