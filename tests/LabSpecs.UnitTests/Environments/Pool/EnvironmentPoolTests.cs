using System.Net;
using LabSpecs.Core;
using LabSpecs.Environments;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Pool;

/// <summary>
/// The pool's lifecycle (lease, mark changed, replace, release; spares and look-ahead as policies) with a fake provider:
/// the provider is the pool's seam, not what is tested here (the real one is in the integration and lab tests).
/// </summary>
public class EnvironmentPoolTests
{
    private sealed class FakeEnvironment(string id, TopologySpec topology) : ILabEnvironment
    {
        public string Id { get; } = id;
        public TopologySpec Topology { get; } = topology;
        public IReadOnlyList<ILabHost> Hosts => [];
        public Capabilities Capabilities { get; } = new(new HashSet<string>(), new Dictionary<string, string>());
        public bool Replaceable => true;
        public int Resets { get; private set; }
        public bool Disposed { get; private set; }
        public ILabHost Host(string name) => throw new NotSupportedException();
        public Task<ExecResult> ExecOnUnderlayAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default, ILabHost? near = null) => throw new NotSupportedException();
        public Task StopHostAsync(string name, CancellationToken ct = default) => Task.CompletedTask;
        public Task StartHostAsync(string name, CancellationToken ct = default) => Task.CompletedTask;
        public Task CutLinkAsync(string name, CancellationToken ct = default) => Task.CompletedTask;
        public Task RestoreLinkAsync(string name, CancellationToken ct = default) => Task.CompletedTask;

        public Task ResetAsync(CancellationToken ct = default)
        {
            Resets++;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }

        public override string ToString() => Id;
    }

    private sealed class FakeProvider : ILabEnvironmentProvider
    {
        public List<FakeEnvironment> Made { get; } = [];
        public string Name => EnvironmentFile.DefaultProvider;

        public Task<ILabEnvironment> CreateAsync(TopologySpec topology, IEvidenceSink progress, CancellationToken ct = default)
        {
            lock (Made)
            {
                var env = new FakeEnvironment($"fake-{Made.Count + 1}", topology);
                Made.Add(env);
                return Task.FromResult<ILabEnvironment>(env);
            }
        }

        public Task<int> SweepLeftoversAsync(CancellationToken ct = default) => Task.FromResult(0);
    }

    private static TopologySpec Topology(string name, bool oneAtATime = false) =>
        new(name, EnvironmentFile.DefaultProvider, IPNetwork.Parse("192.168.205.0/24"), [new HostSpec("docker-host", IPAddress.Parse("192.168.205.10"), [])], "local.yml")
        { OneAtATime = oneAtATime };

    private static (EnvironmentPool Pool, FakeProvider Provider) Pool(PoolPolicies? policies = null)
    {
        var provider = new FakeProvider();
        var pool = new EnvironmentPool(new PoolSeams(name => Topology(name, oneAtATime: name == "swarm"), _ => provider, _ => Task.CompletedTask, () => { }),
            policies ?? new PoolPolicies());
        return (pool, provider);
    }

    [Test]
    public async Task A_released_environment_is_reset_and_leased_again_without_making_another()
    {
        var (pool, provider) = Pool();

        var first = await pool.LeaseAsync("single-host");
        await first.ReleaseAsync();
        var second = await pool.LeaseAsync("single-host");

        second.Environment.ShouldBeSameAs(first.Environment);
        provider.Made.Count.ShouldBe(1);
        provider.Made[0].Resets.ShouldBe(1);
    }

    [Test]
    public async Task A_changed_environment_is_replaced_by_the_spare_made_when_the_lease_expected_it_and_the_changed_one_is_removed()
    {
        var (pool, provider) = Pool();
        var lease = await pool.LeaseAsync("two-node");
        var changed = (FakeEnvironment)lease.Environment;

        lease.ExpectReplacement(aLaterScenarioMayUseIt: true).ShouldBeTrue();
        lease.MarkChanged(new EnvironmentChange("scenario 1", "a swarm", _ => Task.CompletedTask));
        var fresh = await lease.ReplaceAsync(nextSpare: false);
        await pool.SettleAsync();

        fresh.Id.ShouldBe("fake-2", "the spare");
        lease.Environment.ShouldBeSameAs(fresh);
        lease.Change.ShouldBeNull();
        changed.Disposed.ShouldBeTrue();
        changed.Resets.ShouldBe(0, "replaced, not undone");
        provider.Made.Count.ShouldBe(2);
    }

    [Test]
    public async Task With_the_spares_policy_off_nothing_is_made_ahead_and_the_replacement_is_made_when_asked()
    {
        var (pool, provider) = Pool(new PoolPolicies(Spares: false));
        var lease = await pool.LeaseAsync("two-node");

        lease.ExpectReplacement(aLaterScenarioMayUseIt: true).ShouldBeFalse();
        provider.Made.Count.ShouldBe(1);
        lease.MarkChanged(new EnvironmentChange("scenario 1", "a swarm", _ => Task.CompletedTask));
        await lease.ReplaceAsync(nextSpare: true);
        await pool.SettleAsync();

        provider.Made.Count.ShouldBe(2, "the replacement, and no next spare");
    }

    [Test]
    public async Task No_spare_is_made_when_no_later_scenario_may_use_it()
    {
        var (pool, provider) = Pool();
        var lease = await pool.LeaseAsync("two-node");

        lease.ExpectReplacement(aLaterScenarioMayUseIt: false).ShouldBeFalse();
        await pool.SettleAsync();

        provider.Made.Count.ShouldBe(1);
    }

    [Test]
    public async Task Look_ahead_makes_the_next_features_environment_which_the_next_lease_takes_and_is_a_policy_you_can_turn_off()
    {
        var (pool, provider) = Pool(new PoolPolicies(LookAhead: true));
        pool.PrepareAhead("two-node").ShouldBeTrue();
        pool.PrepareAhead("two-node").ShouldBeFalse("one is being made");
        var lease = await pool.LeaseAsync("two-node");
        lease.Environment.Id.ShouldBe("fake-1");
        provider.Made.Count.ShouldBe(1);

        var (off, offProvider) = Pool(new PoolPolicies());   // off unless asked for
        off.PrepareAhead("two-node").ShouldBeFalse();
        await off.SettleAsync();
        offProvider.Made.ShouldBeEmpty();
    }

    [Test]
    public async Task A_tainted_environment_is_removed_at_release_and_the_next_lease_gets_a_new_one()
    {
        var (pool, provider) = Pool();
        var lease = await pool.LeaseAsync("single-host");
        lease.MarkTainted("a cleanup failed");

        (await lease.ReleaseAsync()).ShouldStartWith("removed");
        var next = await pool.LeaseAsync("single-host");

        provider.Made[0].Disposed.ShouldBeTrue();
        next.Environment.Id.ShouldBe("fake-2");
    }

    [Test]
    public async Task The_last_scenarios_kept_change_removes_the_environment_in_the_background_instead_of_undoing_it()
    {
        var (pool, provider) = Pool();
        var lease = await pool.LeaseAsync("two-node");
        var undone = false;
        lease.MarkChanged(new EnvironmentChange("last scenario", "a cluster store", _ => { undone = true; return Task.CompletedTask; }));

        (await lease.ReleaseAsync()).ShouldContain("in the background");
        await pool.SettleAsync();

        undone.ShouldBeFalse();
        provider.Made[0].Disposed.ShouldBeTrue();
        pool.Environments.ShouldBeEmpty();
    }

    [Test]
    public async Task Features_of_a_one_at_a_time_topology_take_turns()
    {
        var (pool, _) = Pool();
        var first = await pool.LeaseAsync("swarm");
        var waited = false;

        var second = pool.LeaseAsync("swarm", waiting: () => waited = true);
        await Task.Delay(50);
        second.IsCompleted.ShouldBeFalse("the first feature still holds its turn");
        await first.ReleaseAsync();
        var lease = await second.WaitAsync(TimeSpan.FromSeconds(5));

        waited.ShouldBeTrue();
        lease.Environment.ShouldBeSameAs(first.Environment);
    }

    [Test]
    public async Task Dispose_all_removes_every_environment_the_pool_made()
    {
        var (pool, provider) = Pool();
        await pool.LeaseAsync("single-host");
        await pool.LeaseAsync("two-node");

        await pool.DisposeAllAsync();

        provider.Made.ShouldAllBe(e => e.Disposed);
    }
}
