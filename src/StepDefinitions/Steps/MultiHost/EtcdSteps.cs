using LabSpecs.Core;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed class EtcdSteps(LabContext lab, EtcdDriver etcd)
{
    [Given("an etcd cluster with members on {string} and {string}")]
    public Task GivenAnEtcdCluster(string first, string second) => etcd.StartAsync(first, second);

    [When("I check the etcd cluster health on {string}")]
    public Task WhenICheckHealth(string host) => etcd.CheckHealthAsync(host);

    [Then("the etcd cluster is healthy with {int} healthy members")]
    public void ThenHealthy(int members)
    {
        var health = etcd.LastHealth;
        lab.Expect.That(health.ClusterHealthy, $"the etcd cluster should be healthy with {members} healthy members", () => $"it is not:\n{health.Output}");
        lab.Expect.That(health.Members.Count(m => m.Healthy) == members, $"the etcd cluster should have {members} healthy members",
            () => $"it has {health.Members.Count(m => m.Healthy)}:\n{health.Output}");
    }

    [Given("the docker engines on {string} and {string} are restarted with the etcd cluster store")]
    public Task GivenEnginesUseClusterStore(string first, string second) => etcd.UseAsClusterStoreAsync(first, second);

    [Then("in etcd on {string} the key {string} lists both docker engines")]
    public async Task ThenKeyListsEngines(string host, string key)
    {
        var keys = await etcd.ListEventuallyAsync(host, key, k => etcd.ClusterStoreEngines.All(e => k.Contains($"{key}/{e.Address}:2375")));
        foreach (var e in etcd.ClusterStoreEngines) lab.Expect.Contains(keys, $"{key}/{e.Address}:2375", $"etcd on {host} should list the engine {e.Address}:2375 under {key}", "keys");
    }

    [Then("in etcd on {string} the key {string} lists the network {string} by its ID")]
    public async Task ThenKeyListsNetwork(string host, string key, string network)
    {
        var id = (await lab.DockerOn(host).InspectNetworkAsync(network)).Id;
        lab.Expect.Contains(await etcd.Cluster.ListAsync(lab.HostNamed(host), key), $"{key}/{id}", $"etcd on {host} should list the network {network} under {key} by its ID {id}", "keys");
        var stored = await etcd.Cluster.NetworkAsync(lab.HostNamed(host), $"{key}/{id}");
        lab.Expect.That(stored.Name == network && stored.NetworkType == "overlay", $"{key}/{id} in etcd should be the overlay network {network}", () => $"it holds {stored.Json}");
    }

    [Then("in etcd on {string} the endpoint {string} of the network {string} is located at {string}")]
    public async Task ThenEndpointLocatedAt(string host, string endpoint, string network, string locatedAt)
    {
        var id = (await lab.DockerOn(host).InspectNetworkAsync(network)).Id;
        var endpoints = await etcd.Cluster.EndpointsAsync(lab.HostNamed(host), id);
        var found = endpoints.FirstOrDefault(e => e.Name == endpoint);
        lab.Expect.That(found is not null, $"etcd on {host} should hold the endpoint {endpoint} of the network {network}", () => $"it holds {string.Join(", ", endpoints)}");
        lab.Expect.Equal(found!.Locator, lab.HostNamed(locatedAt).Address.ToString(), $"the endpoint {endpoint} should be located at {locatedAt} ({lab.HostNamed(locatedAt).Address})");
    }

    [Given("in etcd on {string} the key {string} is set to:")]
    public Task GivenKeySet(string host, string key, string value) => etcd.Cluster.SetAsync(lab.HostNamed(host), key, value);

    [Then("in etcd on {string} the key {string} lists {int} subnets")]
    public async Task ThenKeyListsSubnets(string host, string key, int count) =>
        lab.Expect.Equal((await etcd.ListEventuallyAsync(host, key, k => k.Count == count)).Count, count, $"etcd on {host} should list {count} subnets under {key}");
}
