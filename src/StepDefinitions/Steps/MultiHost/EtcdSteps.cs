using System.Text.Json;
using System.Text.Json.Nodes;
using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed class EtcdSteps(MultiHostContext ctx)
{
    [Given("an etcd cluster with members on {string} and {string}")]
    public async Task GivenAnEtcdCluster(string first, string second)
    {
        var cluster = new EtcdCluster([ctx.Host(first), ctx.Host(second)], ctx.Evidence);
        ctx.OnCleanup("stop the etcd cluster", ct => cluster.StopAsync(ct), CleanupCost.Costly);
        ctx.Etcd = cluster;
        await cluster.StartAsync(Timeouts.Default.Assert);
    }

    [When("I check the etcd cluster health on {string}")]
    public async Task WhenICheckHealth(string host) => ctx.LastHealth = await ctx.RequireEtcd().HealthAsync(ctx.Host(host));

    [Then("the etcd cluster is healthy with {int} healthy members")]
    public void ThenHealthy(int members)
    {
        var health = ctx.LastHealth.ShouldNotBeNull();
        health.ClusterHealthy.ShouldBeTrue(health.Output);
        health.Members.Count(m => m.Healthy).ShouldBe(members, health.Output);
    }

    [Given("the docker engines on {string} and {string} are restarted with the etcd cluster store")]
    public async Task GivenEnginesUseClusterStore(string first, string second)
    {
        var hosts = new[] { ctx.Host(first), ctx.Host(second) };
        await Task.WhenAll(hosts.Select(async h =>
        {
            var settings = new DockerDaemonSettings(h, ctx.Evidence);
            ctx.OnCleanup($"restore the docker engine settings on {h.Name}", ct => settings.RestoreAsync(ct), CleanupCost.Costly);
            // The handbook's --cluster-store=etcd://ADDR:2379 --cluster-advertise=ADDR:2375, as daemon.json keys.
            await settings.ApplyAsync(new Dictionary<string, JsonNode?>
            {
                ["cluster-store"] = $"etcd://{h.Address}:2379",
                ["cluster-advertise"] = $"{h.Address}:2375",
            });
        }));
        ctx.ClusterStoreEngines.AddRange(hosts);
    }

    [Then("in etcd on {string} the key {string} lists both docker engines")]
    public async Task ThenKeyListsEngines(string host, string key)
    {
        var keys = await ListEventuallyAsync(host, key, k => ctx.ClusterStoreEngines.All(e => k.Contains($"{key}/{e.Address}:2375")));
        foreach (var e in ctx.ClusterStoreEngines) keys.ShouldContain($"{key}/{e.Address}:2375");
    }

    [Then("in etcd on {string} the key {string} lists the network {string} by its ID")]
    public async Task ThenKeyListsNetwork(string host, string key, string network)
    {
        var id = (await ctx.Docker(host).InspectNetworkAsync(network)).Id;
        var keys = await ctx.RequireEtcd().ListAsync(ctx.Host(host), key);
        keys.ShouldContain($"{key}/{id}");
        var stored = JsonNode.Parse(await ctx.RequireEtcd().GetAsync(ctx.Host(host), $"{key}/{id}")).ShouldNotBeNull();
        stored["name"].ShouldNotBeNull($"{key}/{id} in etcd has no name: {stored.ToJsonString()}").GetValue<string>().ShouldBe(network);
        stored["networkType"].ShouldNotBeNull($"{key}/{id} in etcd has no networkType: {stored.ToJsonString()}").GetValue<string>().ShouldBe("overlay");
    }

    [Then("in etcd on {string} the endpoint {string} of the network {string} is located at {string}")]
    public async Task ThenEndpointLocatedAt(string host, string endpoint, string network, string locatedAt)
    {
        var etcd = ctx.RequireEtcd();
        var on = ctx.Host(host);
        var id = (await ctx.Docker(host).InspectNetworkAsync(network)).Id;
        var found = new List<string>();
        foreach (var key in await etcd.ListAsync(on, $"/docker/network/v1.0/endpoint/{id}"))
        {
            using var doc = JsonDocument.Parse(await etcd.GetAsync(on, key));
            var name = doc.RootElement.GetProperty("name").GetString();
            var locator = doc.RootElement.GetProperty("locator").GetString();
            found.Add($"{name} @ {locator}");
            if (name == endpoint)
            {
                locator.ShouldBe(ctx.Host(locatedAt).Address.ToString());
                return;
            }
        }

        throw new ShouldAssertException($"No endpoint named {endpoint} in etcd for network {network}; found: {string.Join(", ", found)}");
    }

    [Given("in etcd on {string} the key {string} is set to:")]
    public Task GivenKeySet(string host, string key, string value) => ctx.RequireEtcd().SetAsync(ctx.Host(host), key, value);

    [Then("in etcd on {string} the key {string} lists {int} subnets")]
    public async Task ThenKeyListsSubnets(string host, string key, int count) =>
        (await ListEventuallyAsync(host, key, k => k.Count == count)).Count.ShouldBe(count);

    private async Task<IReadOnlyList<string>> ListEventuallyAsync(string host, string key, Func<IReadOnlyList<string>, bool> done)
    {
        var etcd = ctx.RequireEtcd();
        var outcome = await Eventually.UntilAsync($"etcdctl ls {key} on {host}",
            ct => etcd.ListAsync(ctx.Host(host), key, ct), done, Timeouts.Default.Assert, TimeSpan.FromMilliseconds(500),
            k => string.Join('\n', k), evidence: ctx.Evidence);
        return outcome.Value;
    }
}
