using LabSpecs.Core;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>
/// Linux network namespaces and veth pairs made by hand with iproute2, on the docker host (never on the machine running
/// the tests). Each one is registered for cleanup when it is made.
/// </summary>
[Binding]
public sealed class NetnsSteps(LabContext lab)
{
    [Given("the network namespace {string}")]
    [When("I add the network namespace {string}")]
    public async Task WhenIAddTheNetworkNamespace(string ns)
    {
        lab.RegisterCleanup($"delete network namespace {ns}", ct => lab.Shell.RunAsync($"ip netns delete {Q(ns)} 2>/dev/null || true", ct: ct));
        (await lab.Shell.RunAsync($"ip netns add {Q(ns)}")).EnsureSuccess();
    }

    [When("I delete the network namespace {string}")]
    public async Task WhenIDeleteTheNetworkNamespace(string ns) => (await lab.Shell.RunAsync($"ip netns delete {Q(ns)}")).EnsureSuccess();

    [Then("the network namespaces include {string}")]
    public async Task ThenTheNetworkNamespacesInclude(string ns) => (await Names()).ShouldContain(ns);

    [Then("the network namespaces do not include {string}")]
    public async Task ThenTheNetworkNamespacesDoNotInclude(string ns) => (await Names()).ShouldNotContain(ns);

    [When("I create the veth pair {string} and {string}")]
    public async Task WhenICreateTheVethPair(string a, string b)
    {
        lab.RegisterCleanup($"delete veth {a}", ct => lab.Shell.RunAsync($"ip link del {Q(a)} 2>/dev/null || true", ct: ct));
        (await lab.Shell.RunAsync($"ip link add {Q(a)} type veth peer name {Q(b)}")).EnsureSuccess();
    }

    [When("I move the interface {string} into namespace {string}")]
    public async Task WhenIMoveTheInterfaceIntoNamespace(string name, string ns) =>
        (await lab.Shell.RunAsync($"ip link set {Q(name)} netns {Q(ns)}")).EnsureSuccess();

    [When("I assign {string} to the interface {string}")]
    public async Task WhenIAssign(string cidr, string name) =>
        (await lab.Shell.RunAsync($"ip addr add {Q(cidr)} dev {Q(name)}")).EnsureSuccess();

    [When("I assign {string} to the interface {string} in namespace {string}")]
    public async Task WhenIAssignInNamespace(string cidr, string name, string ns) =>
        (await lab.Shell.RunAsync($"ip netns exec {Q(ns)} ip addr add {Q(cidr)} dev {Q(name)}")).EnsureSuccess();

    [When("I bring up the interface {string}")]
    public async Task WhenIBringUp(string name) => (await lab.Shell.RunAsync($"ip link set dev {Q(name)} up")).EnsureSuccess();

    [When("I bring up the interface {string} in namespace {string}")]
    public async Task WhenIBringUpInNamespace(string name, string ns) =>
        (await lab.Shell.RunAsync($"ip netns exec {Q(ns)} ip link set dev {Q(name)} up")).EnsureSuccess();

    [When("I look up the PID of the container {string}")]
    public async Task WhenILookUpThePid(string container) =>
        lab.LastPid = int.Parse(await lab.Docker.InspectFormatAsync(container, "{{.State.Pid}}"), System.Globalization.CultureInfo.InvariantCulture);

    [When("I list the namespaces of that process")]
    public async Task WhenIListTheNamespacesOfThatProcess() =>
        lab.LastResult = (await lab.Shell.RunAsync($"ls -l /proc/{Pid()}/ns")).EnsureSuccess();

    [When("I expose the network namespace of that process as {string}")]
    public async Task WhenIExposeTheNetworkNamespace(string ns)
    {
        lab.RegisterCleanup($"remove /var/run/netns/{ns}", ct => lab.Shell.RunAsync($"rm -f /var/run/netns/{Q(ns)}", ct: ct));
        (await lab.Shell.RunAsync($"mkdir -p /var/run/netns && ln -s /proc/{Pid()}/ns/net /var/run/netns/{Q(ns)}")).EnsureSuccess();
    }

    private int Pid() => lab.LastPid ?? throw new LabSpecsException("Look up the PID of a container first.");

    private async Task<List<string>> Names() =>
        IpTextParser.ParseNetnsList((await lab.Shell.RunAsync("ip netns list")).EnsureSuccess().Stdout).Select(n => n.Name).ToList();

    private static string Q(string s) => LocalProcess.Quote(s);
}
