using System.Net;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using LabSpecs.Drivers.Machine;
using LabSpecs.Environments;
using LabSpecs.Environments.Embedded;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.IntegrationTests.Drivers.Docker;

/// <summary>
/// The Docker driver against docker-node2's real dockerd with --tlsverify on 192.168.205.11:2376, provisioned as the Docker
/// Machine lab does it. This process cannot reach lab addresses (they exist only inside the lab's namespaces): it dials a
/// loopback forwarder into the underlay and checks the server certificate against the lab's CA for the lab address.
/// </summary>
[TestFixture, Category("environment"), NonParallelizable]
public sealed class RemoteEngineTlsTests
{
    private readonly EvidenceLog _log = new();
    private readonly UndoStack _undo = new();
    private ILabEnvironment _env = null!;
    private DockerMachine _machine = null!;
    private SshForwarder _forwarder = null!;
    private string _certs = null!;

    private string LabAddress => _machine.Machine.Address.ToString();

    [OneTimeSetUp]
    public async Task ProvisionDockerNode2WithTls()
    {
        _env = await LabEnvironments.GetAsync("two-node", new ProgressToTestContext());
        _machine = new DockerMachine(_env.Host("docker-node1"), _env.Host("docker-node2"), _log, _undo);
        await _machine.ProvisionAsync();
        _forwarder = new SshForwarder(((EmbeddedEnvironment)_env).UnderlayNetnsPath, new IPEndPoint(_machine.Machine.Address, DockerMachine.TlsPort));
        _certs = Directory.CreateTempSubdirectory("labspecs-it-certs-").FullName;
        foreach (var file in new[] { "ca.pem", "cert.pem", "key.pem" })
        {
            var pem = (await _machine.Client.ExecAsync($"cat {_machine.CertPath}/{file}")).EnsureSuccess().Stdout;
            await File.WriteAllTextAsync(Path.Combine(_certs, file), pem);
        }
    }

    [OneTimeTearDown]
    public async Task UndoIt()
    {
        if (_forwarder is not null) await _forwarder.DisposeAsync();
        await _undo.UndoAllAsync();
        if (_env is not null) await LabEnvironments.RemoveAsync(_env);
        if (_certs is not null) Directory.Delete(_certs, recursive: true);
    }

    private DockerEndpoint Forwarded(DockerTlsFiles tls) =>
        DockerEndpoint.Parse($"tcp://127.0.0.1:{_forwarder.Port}", tls with { ServerName = LabAddress });

    [Test]
    public async Task With_the_client_certificate_the_API_answers_over_TLS_as_docker_node2()
    {
        using var engine = new DockerEngine("docker-node2", Forwarded(DockerTlsFiles.FromDirectory(_certs)), _env.Id, _log);

        var info = await engine.InfoAsync();

        info.Name.ShouldBe("docker-node2");
        _log.Items.Last().Content.ShouldStartWith($"[docker-node2 via tcp://127.0.0.1:{_forwarder.Port}/ with TLS]$ docker info");
    }

    [Test]
    public async Task An_inventory_host_with_a_tcp_engine_and_certificates_is_driven_over_TLS()
    {
        var inventory = LabSpecs.Environments.Inventory.InventoryFile.Parse(
            $"hosts:\n  docker-node2:\n    address: {LabAddress}\n    identity_file: /unused\n    docker_host: tcp://127.0.0.1:{_forwarder.Port}\n    docker_cert_path: {_certs}\n",
            Path.Combine(_certs, "inv.yml"));
        var entry = inventory.Host("docker-node2");
        // no SSH connection is made: the engine is reached over TLS alone
        using var host = new LabSpecs.Environments.Inventory.InventoryLabHost(entry, _machine.Machine.Address,
            new SshEndpoint("127.0.0.1", 1, "root", "/unused", "", _machine.Machine.Address), LabSpecs.Environments.Ssh.SshHostOptions.Default);
        using var engine = DockerEngine.For(host, _env.Id, _log);

        (await engine.InfoAsync()).Name.ShouldBe("docker-node2");
        _log.Items.Last().Content.ShouldContain("with TLS]$ docker info");
    }

    [Test]
    public async Task Without_the_client_certificate_the_engine_refuses_the_call_and_logs_why()
    {
        var caOnly = DockerTlsFiles.FromDirectory(_certs) with { CertFile = null, KeyFile = null };
        using var engine = new DockerEngine("docker-node2", Forwarded(caOnly), _env.Id, _log);

        var e = await Should.ThrowAsync<DockerEngineException>(() => engine.InfoAsync());

        e.Status.ShouldBeNull(e.Message); // no HTTP answer at all: the TLS handshake was refused
        e.EngineMessage.ShouldContain($"cannot reach the engine at tcp://127.0.0.1:{_forwarder.Port}/", customMessage: e.Message);
        (await _machine.WaitForEngineLogAsync("tls: client didn't provide a certificate")).ShouldContain("TLS handshake error");
    }

    [Test]
    public async Task A_server_certificate_that_does_not_name_the_address_dialed_for_is_rejected_by_the_client()
    {
        var tls = DockerTlsFiles.FromDirectory(_certs);
        using var engine = new DockerEngine("docker-node2",
            DockerEndpoint.Parse($"tcp://127.0.0.1:{_forwarder.Port}", tls with { ServerName = "192.168.205.99" }), _env.Id, _log);

        var e = await Should.ThrowAsync<DockerEngineException>(() => engine.InfoAsync());

        e.Status.ShouldBeNull(e.Message);
        e.EngineMessage.ShouldContain("server certificate refused: ", customMessage: e.Message);
        e.EngineMessage.ShouldContain("is not valid for 192.168.205.99 (subjectAltName: docker-node2, 192.168.205.11)", customMessage: e.Message);
    }

    [Test]
    public async Task A_context_made_by_the_docker_cli_resolves_to_the_engine_with_its_tls_files()
    {
        // Given a context made by the real docker CLI on docker-node1, the machine holding the certificates (it only writes
        // files; nothing is dialed). The CLI is the host image's: this machine has no docker CLI of its own.
        var client = (EmbeddedHost)_env.Host("docker-node1");
        const string inHost = "/tmp/labspecs-it-docker-config";
        var host = $"tcp://127.0.0.1:{_forwarder.Port}";
        var create = await client.ExecAsync($"rm -rf {inHost} && DOCKER_CONFIG={inHost} docker context create it-remote --docker " +
            $"host={host},ca={_machine.CertPath}/ca.pem,cert={_machine.CertPath}/cert.pem,key={_machine.CertPath}/key.pem");
        create.ExitCode.ShouldBe(0, create.ToTranscript());
        var config = $"/proc/{client.InitPid}/root{inHost}"; // the host's files, seen from this machine

        // When it is resolved the way the CLI resolves DOCKER_CONTEXT
        var resolved = DockerEndpoint.FromEnvironment(new Dictionary<string, string?> { ["DOCKER_CONTEXT"] = "it-remote" }, config);
        using var engine = new DockerEngine("docker-node2", resolved with { Tls = resolved.Tls! with { ServerName = LabAddress } }, _env.Id, _log);

        // Then it names the context's host and TLS files, and the engine answers through it
        resolved.Context.ShouldBe("it-remote");
        resolved.Host.ShouldBe(new Uri(host));
        resolved.Tls!.CertFile.ShouldStartWith(Path.Combine(config, "contexts", "tls", DockerEndpoint.ContextId("it-remote")));
        (await engine.InfoAsync()).Name.ShouldBe("docker-node2");
    }
}
