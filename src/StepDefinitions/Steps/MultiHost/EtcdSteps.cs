using LabSpecs.Core;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;
using Shouldly;

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
        health.ClusterHealthy.ShouldBeTrue(health.Output);
        health.Members.Count(m => m.Healthy).ShouldBe(members, health.Output);
    }

    [Given("the docker engines on {string} and {string} are restarted with the etcd cluster store")]
    public Task GivenEnginesUseClusterStore(string first, string second) => etcd.UseAsClusterStoreAsync(first, second);

    [Then("in etcd on {string} the key {string} lists both docker engines")]
    public async Task ThenKeyListsEngines(string host, string key)
    {
        var keys = await etcd.ListEventuallyAsync(host, key, k => etcd.ClusterStoreEngines.All(e => k.Contains($"{key}/{e.Address}:2375")));
        foreach (var e in etcd.ClusterStoreEngines) keys.ShouldContain($"{key}/{e.Address}:2375");
    }

    [Then("in etcd on {string} the key {string} lists the network {string} by its ID")]
    public async Task ThenKeyListsNetwork(string host, string key, string network)
    {
        var id = (await lab.DockerOn(host).InspectNetworkAsync(network)).Id;
        (await etcd.Cluster.ListAsync(lab.HostNamed(host), key)).ShouldContain($"{key}/{id}");
        var stored = await etcd.Cluster.NetworkAsync(lab.HostNamed(host), $"{key}/{id}");
        (stored.Name, stored.NetworkType).ShouldBe((network, "overlay"), $"{key}/{id} in etcd: {stored.Json}");
    }

    [Then("in etcd on {string} the endpoint {string} of the network {string} is located at {string}")]
    public async Task ThenEndpointLocatedAt(string host, string endpoint, string network, string locatedAt)
    {
        var id = (await lab.DockerOn(host).InspectNetworkAsync(network)).Id;
        var endpoints = await etcd.Cluster.EndpointsAsync(lab.HostNamed(host), id);
        var found = endpoints.FirstOrDefault(e => e.Name == endpoint)
                    .ShouldNotBeNull($"No endpoint named {endpoint} in etcd for network {network}; found: {string.Join(", ", endpoints)}");
        found.Locator.ShouldBe(lab.HostNamed(locatedAt).Address.ToString());
    }

    [Given("in etcd on {string} the key {string} is set to:")]
    public Task GivenKeySet(string host, string key, string value) => etcd.Cluster.SetAsync(lab.HostNamed(host), key, value);

    [Then("in etcd on {string} the key {string} lists {int} subnets")]
    public async Task ThenKeyListsSubnets(string host, string key, int count) =>
        (await etcd.ListEventuallyAsync(host, key, k => k.Count == count)).Count.ShouldBe(count);
}
