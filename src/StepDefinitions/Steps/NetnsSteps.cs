using LabSpecs.Core;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>
/// Linux network namespaces and veth pairs made by hand with iproute2, on the docker host (never on the machine running
/// the tests). The driver registers each one's removal when it makes it.
/// </summary>
[Binding]
public sealed class NetnsSteps(LabContext lab, ContainerDriver containers, CommandDriver commands)
{
    [Given("the network namespace {string}")]
    [When("I add the network namespace {string}")]
    public Task WhenIAddTheNetworkNamespace(string ns) => lab.Network.AddNamespaceAsync(ns);

    [When("I delete the network namespace {string}")]
    public Task WhenIDeleteTheNetworkNamespace(string ns) => lab.Network.DeleteNamespaceAsync(ns);

    [Then("the network namespaces include {string}")]
    public async Task ThenTheNetworkNamespacesInclude(string ns) =>
        lab.Expect.Contains(await Names(), ns, $"ip netns list on {lab.Host.Name} should include {ns}", "namespaces");

    [Then("the network namespaces do not include {string}")]
    public async Task ThenTheNetworkNamespacesDoNotInclude(string ns) =>
        lab.Expect.DoesNotContain(await Names(), ns, $"ip netns list on {lab.Host.Name} should not include {ns}", "namespaces");

    [When("I create the veth pair {string} and {string}")]
    public Task WhenICreateTheVethPair(string a, string b) => lab.Network.AddVethPairAsync(a, b);

    [When("I move the interface {string} into namespace {string}")]
    public Task WhenIMoveTheInterfaceIntoNamespace(string name, string ns) => lab.Network.MoveToNamespaceAsync(name, ns);

    [When("I assign {string} to the interface {string}")]
    public Task WhenIAssign(string cidr, string name) => lab.Network.AddAddressAsync(cidr, name);

    [When("I assign {string} to the interface {string} in namespace {string}")]
    public Task WhenIAssignInNamespace(string cidr, string name, string ns) => lab.Network.AddAddressAsync(cidr, name, ns);

    [When("I bring up the interface {string}")]
    public Task WhenIBringUp(string name) => lab.Network.SetUpAsync(name);

    [When("I bring up the interface {string} in namespace {string}")]
    public Task WhenIBringUpInNamespace(string name, string ns) => lab.Network.SetUpAsync(name, ns);

    [When("I look up the PID of the container {string}")]
    public Task WhenILookUpThePid(string container) => containers.LookUpPidAsync(container);

    [When("I list the namespaces of that process")]
    public async Task WhenIListTheNamespacesOfThatProcess() => commands.Keep(await lab.Network.ProcessNamespacesAsync(containers.Pid));

    [When("I expose the network namespace of that process as {string}")]
    public Task WhenIExposeTheNetworkNamespace(string ns) => lab.Network.ExposeNamespaceOfAsync(containers.Pid, ns);

    private async Task<List<string>> Names() => (await lab.Network.NamespacesAsync()).Select(n => n.Name).ToList();
}
