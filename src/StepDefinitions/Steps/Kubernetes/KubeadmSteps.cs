using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps.Kubernetes;

/// <summary>
/// "Get Started with Kubeadm", in features tagged @kubeadm: commands on the hosts ("I run ... on ..." registers a kubeadm reset
/// of the host when it runs kubeadm), the join command, and the nodes kubectl lists on the master.
/// </summary>
[Binding]
[StepGroup("Kubernetes")]
[Scope(Tag = "kubeadm")]
public sealed class KubeadmSteps(LabContext lab, CommandDriver commands)
{
    private KubeadmHosts? _kubeadm;

    private KubeadmHosts Kubeadm => _kubeadm ??= KubeadmOf(lab);

    [When("I run {string} on {string}")]
    public async Task WhenIRunOn(string command, string host) => commands.Keep(await Kubeadm.RunAsync(host, command));

    [Then("kubeadm printed a join command with a token for {string}")]
    public void ThenKubeadmPrintedAJoinCommand(string address)
    {
        var join = KubeadmOutput.JoinCommand(commands.Last.Stdout).ShouldNotBeNull($"no kubeadm join command in:\n{commands.Last.Stdout}");
        join.ApiServer.Split(':')[0].ShouldBe(address, join.Command);
        join.Token.ShouldNotBeNullOrEmpty(join.Command);
    }

    [Given("the master {string} is initialized with {string}")]
    public Task GivenTheMasterIsInitialized(string master, string command) => Kubeadm.InitAsync(master, command);

    [When("{string} runs the join command")]
    public Task WhenRunsTheJoinCommand(string worker) => Kubeadm.JoinAsync(worker);

    [When("the pod network is deployed from {string}")]
    public Task WhenThePodNetworkIsDeployed(string master) => Kubeadm.DeployPodNetworkAsync(master);

    [Then("{string} on {string} lists {string}, {string} and {string}, all Ready")]
    public Task ThenKubectlListsAllReady(string command, string host, string a, string b, string c) =>
        Kubeadm.WaitForReadyNodesAsync(host, command, [a, b, c], lab.Evidence);

    [Then("{string} on {string} shows {string} as the control plane")]
    public async Task ThenShowsAsTheControlPlane(string command, string host, string node)
    {
        var r = (await Kubeadm.KubectlOnAsync(host, command)).EnsureSuccess();
        KubectlOutput.Nodes(r.Stdout).SingleOrDefault(n => n.Name == node).ShouldNotBeNull(r.Stdout).IsControlPlane.ShouldBeTrue(r.Stdout);
    }

    // one per scenario, shared by the steps of this class (Reqnroll makes one binding instance per scenario)
    private static KubeadmHosts KubeadmOf(LabContext lab) => new(lab.ShellOn, lab);
}
