using LabSpecs.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Runner;

public class RunSelectionTests
{
    private static readonly string[] Features = Enumerable.Range(1, 20).Select(i => $"docker/{i:D2}-lab.feature").ToArray();

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    public void Shards_take_every_feature_exactly_once(int count)
    {
        var shards = RunSelection.Split(Features, count, new Dictionary<string, double>());

        shards.Count.ShouldBe(count);
        shards.SelectMany(s => s).Order(StringComparer.Ordinal).ShouldBe(Features);
        (shards.Max(s => s.Count) - shards.Min(s => s.Count)).ShouldBeLessThanOrEqualTo(1);
    }

    [Test]
    public void The_same_inputs_always_give_the_same_split()
    {
        var seconds = Features.Select((f, i) => (f, s: (double)(i * 7 % 11))).ToDictionary(x => x.f, x => x.s);

        RunSelection.Split(Features, 3, seconds).ShouldBe(RunSelection.Split(Features.Reverse().ToArray(), 3, seconds));
    }

    [Test]
    public void Durations_from_history_balance_the_shards()
    {
        // one long lab and many short ones: the long one gets a shard nearly to itself
        var seconds = Features.ToDictionary(f => f, _ => 1.0);
        seconds[Features[0]] = 19.0;

        var shards = RunSelection.Split(Features, 2, seconds);

        shards.Single(s => s.Contains(Features[0])).ShouldBe([Features[0]]);
    }

    [TestCase("0/2")]
    [TestCase("3/2")]
    [TestCase("1")]
    [TestCase("a/b")]
    public void A_shard_that_is_not_i_of_n_is_refused_with_the_form_to_use(string text) =>
        Should.Throw<ArgumentException>(() => RunSelection.ParseShard(text)).Message.ShouldContain("write i/n");

    [Test]
    public void Without_a_history_multi_host_labs_start_before_single_host_ones_and_more_scenarios_first()
    {
        // Given a single-host lab with three scenarios, a two-node lab with one and a swarm lab with two
        static LabFeature Lab(string path, string tag, int scenarios) => FeatureLoader.Parse(
            $"@{tag}\nFeature: {path}\n" + string.Concat(Enumerable.Range(1, scenarios).Select(i => $"  Scenario: s{i}\n    Given a step\n")),
            "/x/" + path, path);
        var features = new[] { Lab("docker/01.feature", "single-host", 3), Lab("multi-host/02.feature", "two-node", 1), Lab("multi-host/04.feature", "swarm", 2) };

        // When they are ordered for the parallel workers (no LABSPECS_HISTORY in unit tests)
        var order = RunSelection.LongestFirst(features).Select(f => f.RelativePath);

        // Then the longest estimate comes first: 2 x 10 s, 1 x 10 s, 3 x 2 s
        order.ShouldBe(["multi-host/04.feature", "multi-host/02.feature", "docker/01.feature"]);
    }

    [Test]
    public void Features_that_take_turns_start_early_and_are_spread_so_that_no_worker_waits_for_its_turn()
    {
        // Given three swarm labs of 30 s that take turns, and single labs of 40, 30, 20, 10, 10 and 10 s, on 3 workers
        static LabFeature Lab(string path, string tag, int scenarios) => FeatureLoader.Parse(
            $"@{tag}\nFeature: {path}\n" + string.Concat(Enumerable.Range(1, scenarios).Select(i => $"  Scenario: s{i}\n    Given a step\n")),
            "/x/" + path, path);
        var features = new[]
        {
            Lab("multi-host/04-swarm.feature", "swarm", 3), Lab("multi-host/05-swarm.feature", "swarm", 3), Lab("multi-host/06-swarm.feature", "swarm", 3),
            Lab("docker/11-machine.feature", "two-node", 4), Lab("multi-host/01-etcd.feature", "two-node", 3), Lab("multi-host/03-lb.feature", "two-node", 2),
            Lab("multi-host/08-flannel.feature", "two-node", 1), Lab("multi-host/09-a.feature", "two-node", 1), Lab("multi-host/10-b.feature", "two-node", 1),
        };

        // When they are ordered for 3 workers that take fixtures in that order
        var order = RunSelection.LongestFirst(features, f => f.Tags.Any(t => t.TrimStart('@') == "swarm") ? "swarm" : null, workers: 3)
            .Select(f => f.RelativePath).ToList();

        // Then the 90 s chain starts first, and each next swarm lab comes when the previous one should be done (30 s later,
        // i.e. after the labs the other two workers take meanwhile)
        order.Count.ShouldBe(features.Length);
        order[0].ShouldBe("multi-host/04-swarm.feature");
        order.ShouldBe([
            "multi-host/04-swarm.feature", "docker/11-machine.feature", "multi-host/01-etcd.feature",
            "multi-host/05-swarm.feature", "multi-host/03-lb.feature", "multi-host/08-flannel.feature",
            "multi-host/09-a.feature", "multi-host/10-b.feature", "multi-host/06-swarm.feature"]);
    }

    [Test]
    public void Without_turns_the_order_is_longest_first()
    {
        static LabFeature Lab(string path, int scenarios) => FeatureLoader.Parse(
            "@two-node\nFeature: x\n" + string.Concat(Enumerable.Range(1, scenarios).Select(i => $"  Scenario: s{i}\n    Given a step\n")), "/x/" + path, path);

        RunSelection.LongestFirst([Lab("a.feature", 1), Lab("b.feature", 3), Lab("c.feature", 2)], workers: 3).Select(f => f.RelativePath)
            .ShouldBe(["b.feature", "c.feature", "a.feature"]);
    }
}
