using LabSpecs.Drivers.Checks;
using LabSpecs.Specs.Drivers;
using LabSpecs.Specs.Support;
using Reqnroll;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>
/// "Get Started with Kubeadm", in features tagged @kubeadm: commands on the hosts ("I run ... on ..." checks kubeadm's
/// prerequisites and registers the host's reset when it runs kubeadm), the join command, and the nodes kubectl lists on the master.
/// "&lt;address of HOST&gt;" in a command or an address is the host's lab address.
/// </summary>
[Binding]
[StepGroup("Kubernetes")]
[Scope(Tag = "kubeadm")]
public sealed class KubeadmSteps(KubeadmDriver kubeadm, CommandDriver commands)
{
    [When("I run {string} on {string}")]
    public async Task WhenIRunOn(string command, string host) => commands.Keep(await kubeadm.Hosts.RunAsync(host, command));

    [Then("kubeadm printed a join command with a token for {string}")]
    public void ThenKubeadmPrintedAJoinCommand(string address)
    {
        var should = $"kubeadm should have printed a join command with a token for {address}";
        var join = kubeadm.Hosts.Join;
        kubeadm.Lab.Expect.That(join is not null, should, () => $"it printed none:\n{kubeadm.Hosts.Last?.ToTranscript()}");
        var server = kubeadm.Hosts.Expand(address);
        kubeadm.Lab.Expect.That(join!.ApiServerAddress == server, server == address ? should : $"{should}, {server}", () => $"its join command is for {join.ApiServerAddress}:\n{join.Command}");
        kubeadm.Lab.Expect.That(!string.IsNullOrEmpty(join.Token), should, () => $"its join command has no token:\n{join.Command}");
    }

    [Given("the master {string} is initialized with {string}")]
    public Task GivenTheMasterIsInitialized(string master, string command) => kubeadm.Hosts.InitAsync(master, command);

    [When("{string} runs the join command")]
    public Task WhenRunsTheJoinCommand(string worker) => kubeadm.Hosts.JoinAsync(worker);

    [When("the pod network is deployed from {string}")]
    public Task WhenThePodNetworkIsDeployed(string master) => kubeadm.Hosts.DeployPodNetworkAsync(master);

    [Then("{string} on {string} lists {string}, {string} and {string}, all Ready")]
    public Task ThenKubectlListsAllReady(string command, string host, string a, string b, string c) =>
        kubeadm.Hosts.WaitForReadyNodesAsync(host, command, [a, b, c], kubeadm.Lab.Evidence);

    [Then("{string} on {string} shows {string} as the control plane")]
    public async Task ThenShowsAsTheControlPlane(string command, string host, string node)
    {
        var nodes = await kubeadm.Hosts.NodesOnAsync(host, command);
        var row = nodes.SingleOrDefault(n => n.Name == node);
        var should = $"{command} on {host} should show {node} as the control plane";
        kubeadm.Lab.Expect.That(row is not null, should, () => $"it lists {Expectation.Listing(nodes.Select(n => n.Name).ToList(), "nodes")}");
        kubeadm.Lab.Expect.That(row!.IsControlPlane, should, () => $"it lists {node} with the roles \"{row.Roles}\" and the status \"{row.Status}\"");
    }
}
