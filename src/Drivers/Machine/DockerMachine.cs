using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Drivers.Commands;
using System.Text.Json.Nodes;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Machine;

/// <summary>
/// What <c>docker-machine create</c> does to a host so that the docker client on your own machine can drive its engine
/// (the binary itself is not packaged here): on the <paramref name="client"/> it makes a CA, a client certificate and a
/// server certificate for the <paramref name="machine"/>'s address with openssl, in docker-machine's store
/// (<see cref="Store"/>); copies the CA and the server certificate to the machine over ssh; restarts the machine's engine
/// with <c>--tlsverify</c> on <c>tcp://ADDRESS:2376</c> (daemon.json); and checks the connection, as
/// "Checking connection to Docker..." does. It registers its undo with <paramref name="cleanups"/> when it first changes
/// something: the engine settings are restored (their own registered undo), then the server's files and the client's store go.
/// </summary>
public sealed class DockerMachine(ILabHost client, ILabHost machine, IEvidenceSink evidence, ICleanupRegistry cleanups)
{
    public const int TlsPort = 2376;

    /// <summary>docker-machine's store on the client: certs/ (the CA and client certificate), machines/NAME/ (what <c>env</c> points at).</summary>
    public const string Store = "/root/.docker/machine";

    /// <summary>Where the machine's engine finds its CA, certificate and key (docker-machine's place on Ubuntu hosts).</summary>
    public const string ServerDirectory = "/etc/docker";

    private static readonly string[] ServerFiles = ["ca.pem", "server.pem", "server-key.pem"];
    private readonly DockerDaemonSettings _settings = new(machine, evidence, cleanups);
    private bool _undoRegistered;
    private bool _storeMade;
    private bool _serverFilesCopied;
    private int _logLinesBefore;

    public ILabHost Client => client;

    public ILabHost Machine => machine;

    /// <summary>What <c>docker-machine env NAME</c> prints as DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem of the client.</summary>
    public string CertPath => $"{Store}/machines/{machine.Name}";

    /// <summary>What <c>docker-machine env NAME</c> prints as DOCKER_HOST.</summary>
    public string DockerHost => $"tcp://{machine.Address}:{TlsPort}";

    /// <summary>The whole of <c>docker-machine create</c>'s provisioning, step by step (each command is evidence).</summary>
    public async Task ProvisionAsync(CancellationToken ct = default)
    {
        await MakeCertificatesAsync(ct).ConfigureAwait(false);
        await CopyServerCertificatesAsync(ct).ConfigureAwait(false);
        await RestartEngineWithTlsAsync(ct).ConfigureAwait(false);
        await CheckConnectionAsync(ct).ConfigureAwait(false);
    }

    /// <summary>"Copying certs to the local machine directory...": a CA, a client certificate, and a server certificate naming the machine's address.</summary>
    public async Task MakeCertificatesAsync(CancellationToken ct = default)
    {
        RegisterUndo();
        var exists = await new HostShell(client, evidence).RunAsync($"test -e {Store}", ct: ct).ConfigureAwait(false);
        if (exists.Succeeded)
        {
            throw new LabSpecsException($"{client.Name}: {Store} already exists (another docker-machine store); LabSpecs does not touch it");
        }

        _storeMade = true;
        var certs = $"{Store}/certs";
        var san = $"IP:{machine.Address},DNS:{machine.Name}";
        var script = string.Join("\n",
            "set -e",
            $"mkdir -p {certs} {CertPath}",
            $"cd {certs}",
            // docker-machine's keys: RSA 2048, each slow to make (more so on a busy machine), so the three are made at once.
            "openssl genrsa -out ca-key.pem 2048 2>/dev/null & ca=$!",
            "openssl genrsa -out key.pem 2048 2>/dev/null & client=$!",
            $"openssl genrsa -out {CertPath}/server-key.pem 2048 2>/dev/null & server=$!",
            "wait $ca; wait $client; wait $server",
            "openssl req -new -x509 -days 30 -sha256 -key ca-key.pem -subj '/O=labspecs/CN=docker-machine CA' -out ca.pem",
            "openssl req -new -key key.pem -subj '/O=labspecs/CN=client' -out client.csr",
            "echo 'extendedKeyUsage = clientAuth' > client.ext",
            "openssl x509 -req -days 30 -sha256 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile client.ext -out cert.pem",
            $"cd {CertPath}",
            $"openssl req -new -key server-key.pem -subj '/O=labspecs/CN={machine.Name}' -out server.csr",
            $"printf 'subjectAltName = {san}\\nextendedKeyUsage = serverAuth\\n' > server.ext",
            $"openssl x509 -req -days 30 -sha256 -in server.csr -CA {certs}/ca.pem -CAkey {certs}/ca-key.pem -CAcreateserial -extfile server.ext -out server.pem",
            $"cp {certs}/ca.pem {certs}/cert.pem {certs}/key.pem .",
            $"rm -f {certs}/*.csr {certs}/*.ext *.csr *.ext",
            $"chmod 0600 {certs}/*key.pem *key.pem",
            $"openssl x509 -in server.pem -noout -subject -ext subjectAltName");
        await new HostShell(client, evidence).MustAsync(script, Timeouts.Default.Apply, ct).ConfigureAwait(false);
    }

    /// <summary>"Copying certs to the remote machine...": the CA and the server's certificate and key, over ssh from the client.</summary>
    public async Task CopyServerCertificatesAsync(CancellationToken ct = default)
    {
        RegisterUndo();
        var there = await new HostShell(machine, evidence).RunAsync(string.Join("; ", ServerFiles.Select(f => $"test ! -e {ServerDirectory}/{f}")), ct: ct)
            .ConfigureAwait(false);
        if (!there.Succeeded)
        {
            throw new LabSpecsException($"{machine.Name}: {ServerDirectory} already holds one of {string.Join(", ", ServerFiles)}; LabSpecs does not replace it");
        }

        _serverFilesCopied = true;
        var files = string.Join(" ", ServerFiles.Select(f => $"{CertPath}/{f}"));
        await new HostShell(client, evidence).MustAsync($"scp -q {files} root@{machine.Address}:{ServerDirectory}/", Timeouts.Default.Apply, ct).ConfigureAwait(false);
    }

    /// <summary>"Setting Docker configuration on the remote daemon...": dockerd --tlsverify on tcp://ADDRESS:2376, the unix socket kept.</summary>
    public async Task RestartEngineWithTlsAsync(CancellationToken ct = default)
    {
        RegisterUndo();
        await _settings.ApplyAsync(new Dictionary<string, JsonNode?>
        {
            ["hosts"] = new JsonArray("unix:///var/run/docker.sock", $"tcp://{machine.Address}:{TlsPort}"),
            ["tls"] = true,
            ["tlsverify"] = true,
            ["tlscacert"] = $"{ServerDirectory}/ca.pem",
            ["tlscert"] = $"{ServerDirectory}/server.pem",
            ["tlskey"] = $"{ServerDirectory}/server-key.pem",
        }, ct).ConfigureAwait(false);
    }

    /// <summary>"Checking connection to Docker...": the client reaches the engine with its certificates.</summary>
    public async Task CheckConnectionAsync(CancellationToken ct = default)
    {
        var cli = $"docker --tlsverify --tlscacert={CertPath}/ca.pem --tlscert={CertPath}/cert.pem --tlskey={CertPath}/key.pem -H={DockerHost}";
        await Eventually.UntilAsync($"{client.Name}: the docker engine of {machine.Name} answers on {DockerHost} with TLS",
            c => new HostShell(client, evidence).QuietAsync($"{cli} {DockerCommandLine.ServerVersionArguments}", TimeSpan.FromSeconds(10), c),
            r => r.Succeeded, Timeouts.Default.Assert, TimeSpan.FromMilliseconds(200), r => r.ToTranscript(), ct, evidence).ConfigureAwait(false);
        await new HostShell(client, evidence).MustAsync($"{cli} info --format '{{{{.Name}}}}'", ct: ct).ConfigureAwait(false);
        var lines = await new HostShell(machine, evidence).MustAsync($"wc -l < {PlainEngineLog} 2>/dev/null || echo 0", ct: ct).ConfigureAwait(false);
        _logLinesBefore = int.TryParse(lines.Stdout.Trim(), out var n) ? n : 0;
    }

    /// <summary>Where an engine without systemd logs (embedded hosts; <see cref="DockerDaemonSettings"/> restarts it so).</summary>
    private const string PlainEngineLog = "/var/run/dockerd.log";

    /// <summary>
    /// Waits until the machine's engine has logged <paramref name="text"/> since it was provisioned (e.g. why it refused a
    /// client: "tls: client didn't provide a certificate"); the log is the evidence. systemd hosts: the docker unit's journal.
    /// </summary>
    public async Task<string> WaitForEngineLogAsync(string text, CancellationToken ct = default)
    {
        var read = $"if [ -d /run/systemd/system ]; then journalctl -u docker --no-pager -q -n 200; else tail -n +{_logLinesBefore + 1} {PlainEngineLog}; fi";
        var outcome = await Eventually.UntilAsync($"{machine.Name}: the docker engine logs \"{text}\"",
            c => new HostShell(machine, evidence).QuietAsync(read, TimeSpan.FromSeconds(10), c), r => r.Succeeded && r.Stdout.Contains(text, StringComparison.Ordinal),
            Timeouts.Default.Assert, TimeSpan.FromMilliseconds(200), r => r.ToTranscript(), ct, evidence).ConfigureAwait(false);
        evidence.Record(outcome.Value);
        return outcome.Value.Stdout;
    }

    private void RegisterUndo()
    {
        if (_undoRegistered) return;
        _undoRegistered = true;
        cleanups.RegisterCleanup($"undo the docker-machine provisioning of {machine.Name}", UndoAsync, CleanupCost.Costly);
    }

    /// <summary>Removes the server's files and the client's store: only what this instance made (the engine's settings are restored before, by their own undo).</summary>
    private async Task UndoAsync(CancellationToken ct)
    {
        if (_serverFilesCopied)
        {
            await new HostShell(machine, evidence).MustAsync($"rm -f {string.Join(" ", ServerFiles.Select(f => $"{ServerDirectory}/{f}"))}", Timeouts.Default.Cleanup, ct)
                .ConfigureAwait(false);
        }

        if (_storeMade) await new HostShell(client, evidence).MustAsync($"rm -rf {Store}", Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
    }
}
