using LabSpecs.Core;
using LabSpecs.Drivers.Machine;
using LabSpecs.Environments;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Drivers.Machine;

/// <summary>
/// The Docker Machine lab's undo, which the lab itself never runs on embedded hosts (they are replaced after a costly
/// cleanup) but real hosts depend on: provisioning and contexts are taken back and the hosts are as they were.
/// </summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class DockerMachineUndoTests
{
    private ILabEnvironment _env = null!;

    [OneTimeSetUp]
    public async Task CreateTwoNodeEnvironment() => _env = await LabEnvironments.GetAsync("two-node", new ProgressToTestContext());

    [OneTimeTearDown]
    public async Task RemoveIt() => await LabEnvironments.RemoveAsync(_env);

    private const string StateOfNode2 =
        "cat /etc/docker/daemon.json; echo; ls /etc/docker; docker info --format '{{.Name}}'; " +
        "tr '\\0' '\\n' < /proc/$(cat /var/run/docker.pid)/environ | grep '^GOGC='; ss -ltn | grep -c ':2376 ' || true";

    private const string StateOfNode1 = "ls -a /root/.docker 2>&1; docker context inspect --format '{{.Name}}'; docker context ls -q";

    [Test]
    public async Task Undo_restores_the_engine_settings_and_removes_certificates_and_contexts()
    {
        // Given the state of both hosts before
        var node1 = _env.Host("docker-node1");
        var node2 = _env.Host("docker-node2");
        var log = new EvidenceLog();
        var before2 = (await node2.ExecAsync(StateOfNode2)).EnsureSuccess().Stdout;
        var before1 = (await node1.ExecAsync(StateOfNode1)).Stdout;
        var undo = new UndoStack();
        var machine = new DockerMachine(node1, node2, log, undo);
        var contexts = new DockerContexts(node1, log, undo);

        // When the lab's provisioning and context steps run and are undone in reverse order
        await machine.ProvisionAsync();
        await contexts.CreateAsync("remote",
            $"host={machine.DockerHost},ca={machine.CertPath}/ca.pem,cert={machine.CertPath}/cert.pem,key={machine.CertPath}/key.pem");
        await contexts.UseAsync("remote");
        var during = (await node1.ExecAsync("docker ps -q >/dev/null && docker info --format '{{.Name}}'")).EnsureSuccess().Stdout.Trim();
        var registered = undo.Registered;
        await undo.UndoAllAsync();

        // Then while provisioned the client reached docker-node2 through the context, and afterwards both hosts are as before
        // (the engine, restarted twice, also with the Go collector setting the host booted it with)
        during.ShouldBe("docker-node2");
        registered.ShouldBe([
            "undo the docker-machine provisioning of docker-node2", "restore the docker engine settings on docker-node2",
            "remove the docker context remote on docker-node1", "switch back from the docker context remote on docker-node1"]);
        before2.ShouldContain("GOGC=400\n", customMessage: before2);
        (await node2.ExecAsync(StateOfNode2)).EnsureSuccess().Stdout.ShouldBe(before2, string.Join("\n", log.Items.Select(i => i.Content)));
        var after1 = (await node1.ExecAsync(StateOfNode1)).Stdout;
        after1.ShouldNotContain("machine");
        after1.ShouldNotContain("remote");
        after1.ShouldContain("default");
        before1.ShouldNotContain("remote");
    }
}
