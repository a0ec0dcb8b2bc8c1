using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet;
using LabSpecs.Core;
using LabSpecs.Environments;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// The Docker engine of one lab host, reached over the host's API socket (Docker.DotNet.Enhanced, API pinned to 1.41 =
/// Docker 20.10). Every call has a timeout and a CancellationToken, records its CLI equivalent and a readable output as
/// evidence, labels what it creates with <c>labspecs.run=&lt;run id&gt;</c>, and fails with a <see cref="DockerEngineException"/>
/// that names the command, the host and the engine's message.
/// </summary>
public sealed partial class DockerEngine : IDisposable
{
    /// <summary>The label every container, network and built image carries; per-scenario cleanup and the sweep find them by it.</summary>
    public const string RunLabel = LabLabels.Run;

    private readonly DockerClient _client;
    private readonly IEvidenceSink _evidence;
    private readonly Func<string?> _tlsRejection = () => null;

    /// <summary>An engine at <paramref name="endpoint"/> (unix://, tcp://), or through <paramref name="dial"/> when given.</summary>
    public DockerEngine(string host, Uri endpoint, string runId, IEvidenceSink evidence, DockerEngineOptions? options = null,
        Func<CancellationToken, Task<Stream>>? dial = null)
        : this(host, new DockerEndpoint(endpoint), runId, evidence, options, dial)
    {
    }

    /// <summary>
    /// An engine at <paramref name="endpoint"/>: a unix socket, or tcp:// with or without TLS (<see cref="DockerTls"/>). An ssh://
    /// endpoint needs <paramref name="dial"/> (the host's SSH session, as <see cref="For"/> does).
    /// </summary>
    public DockerEngine(string host, DockerEndpoint endpoint, string runId, IEvidenceSink evidence, DockerEngineOptions? options = null,
        Func<CancellationToken, Task<Stream>>? dial = null)
    {
        if (dial is null && endpoint.Host.Scheme == "ssh")
        {
            throw new LabSpecsException($"{host}: {endpoint.Host} is reached through the host's SSH session: use DockerEngine.For(host, ...)");
        }

        Host = host;
        Endpoint = endpoint.Host;
        Target = endpoint;
        RunId = runId;
        Options = options ?? DockerEngineOptions.Default;
        _evidence = evidence;
        if (dial is null && endpoint.Host.Scheme == "tcp") Channel = endpoint.Tls is null ? endpoint.Host.ToString() : $"{endpoint.Host} with TLS";
        var longest = new[] { Options.Call, Options.Pull, Options.Build, Options.RunToCompletion, Options.Stop }.Max();
        var builder = new DockerClientBuilder()
            .WithEndpoint(dial is null ? endpoint.Host : new Uri($"http://{host}.docker"))
            .WithApiVersion(Options.ApiVersion)
            .WithTimeout(longest + TimeSpan.FromSeconds(5)); // per-call timeouts below are the real limits
        if (dial is null && endpoint.Tls is { } tls) builder = builder.WithAuthProvider(DockerTls.Credentials(tls, endpoint.Host.Host, out _tlsRejection));
        _client = (dial is null ? builder : builder.WithTransportOptions(DialedTransport.Factory, new DialedTransport(dial))).Build();
    }

    /// <summary>The engine of a lab host, reached the way the host's channel reaches it (unix socket, or dial-stdio over SSH).</summary>
    /// <remarks>
    /// A host whose engine is a docker context or a <c>tcp://</c> URL (inventory hosts: docker_context, docker_host with
    /// docker_cert_path) is reached there directly, with TLS when it has certificates; every other host through its channel.
    /// </remarks>
    public static DockerEngine For(ILabHost host, string runId, IEvidenceSink evidence, DockerEngineOptions? options = null)
    {
        if (host.DockerContext is { } context)
        {
            return new DockerEngine(host.Name, DockerEndpoint.FromContext(context, DockerEndpoint.ConfigDirectory(EnvironmentVariables())), runId, evidence, options);
        }

        if (host.DockerEndpoint.Scheme == "tcp")
        {
            // a loopback port (forwarded, as Vagrant forwards 2222) stands for the host: its certificate names the lab address
            var tls = host.DockerCertPath is { } certs
                ? DockerTlsFiles.FromDirectory(certs) with { ServerName = host.DockerEndpoint.IsLoopback ? host.Address.ToString() : null }
                : null;
            return new DockerEngine(host.Name, DockerEndpoint.Parse(host.DockerEndpoint.ToString(), tls), runId, evidence, options);
        }

        return new DockerEngine(host.Name, host.DockerEndpoint, runId, evidence, options, host.DialDockerAsync)
        {
            Channel = host.Channel == Channels.Ssh ? Channels.Ssh : null,
        };
    }

    private static Dictionary<string, string?> EnvironmentVariables() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);

    public string Host { get; }

    /// <summary>How API calls reach the engine when not its unix socket (e.g. "ssh": dial-stdio over the host's session); shown in the evidence.</summary>
    public string? Channel { get; init; }

    private string Prompt => Channel is null ? Host : $"{Host} via {Channel}";

    public Uri Endpoint { get; }

    /// <summary>The endpoint with its TLS files and context, when made from a <see cref="DockerEndpoint"/>.</summary>
    public DockerEndpoint Target { get; }

    public string RunId { get; }

    public DockerEngineOptions Options { get; }

    /// <summary><c>labspecs.run=&lt;id&gt;</c>, as a <c>--filter label=</c> value.</summary>
    public string RunLabelFilter => $"{RunLabel}={RunId}";

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Runs one engine call under its own timeout, records "[host]$ cli" and the rendered output (or the error) as evidence, and
    /// turns Docker.DotNet/transport errors into <see cref="DockerEngineException"/>s. The one place engine errors are made.
    /// </summary>
    private async Task<T> CallAsync<T>(
        string cli, TimeSpan timeout, Func<CancellationToken, Task<T>> call, Func<T, string> render, CancellationToken ct,
        bool record = true)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await call(cts.Token).ConfigureAwait(false);
            if (record) Record(cli, 0, render(result), "", clock.Elapsed);
            return result;
        }
        catch (Exception e) when (e is not DockerEngineException)
        {
            var error = Translate(cli, timeout, e, ct);
            if (record)
            {
                Record(cli, 1, "", $"Error: {error.EngineMessage} (after {clock.Elapsed.TotalSeconds:0.00} s)", clock.Elapsed);
            }

            throw error;
        }
        catch (DockerEngineException e)
        {
            if (record) Record(cli, 1, "", $"Error: {e.EngineMessage}", clock.Elapsed);
            throw;
        }
    }

    /// <summary>An API call as evidence: its CLI equivalent, the rendered answer, and exit code 1 for an error (as the CLI would).</summary>
    private void Record(string cli, int exitCode, string stdout, string stderr, TimeSpan elapsed)
    {
        var result = new ExecResult(cli, Host, exitCode, stdout.TrimEnd('\n'), stderr, elapsed, Channel ?? "");
        var text = $"[{Prompt}]$ {cli}\n" + (exitCode == 0 ? result.Stdout : stderr);
        _evidence.Record(new EvidenceItem(cli, text) { Command = result });
    }

    private DockerEngineException Translate(string cli, TimeSpan timeout, Exception e, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested(); // the caller's own cancellation stays an OperationCanceledException
        return e switch
        {
            DockerApiException api when api.StatusCode == System.Net.HttpStatusCode.NotFound =>
                new DockerNotFoundException(cli, Host, DockerEngineException.MessageFromBody(api.ResponseBody), e),
            DockerApiException api => new DockerEngineException(cli, Host, api.StatusCode, DockerEngineException.MessageFromBody(api.ResponseBody), e),
            OperationCanceledException or TimeoutException => new DockerTimeoutException(cli, Host, timeout),
            HttpRequestException or SocketException or IOException or System.Security.Authentication.AuthenticationException =>
                new DockerEngineException(cli, Host, null, $"cannot reach the engine at {Endpoint}: {Messages(e)}" +
                    (_tlsRejection() is { } why ? $" (server certificate refused: {why})" : ""), e),
            _ => new DockerEngineException(cli, Host, null, $"{e.GetType().Name}: {e.Message}", e),
        };
    }

    /// <summary>"The SSL connection could not be established, see inner exception." says nothing by itself: the chain of messages does.</summary>
    private static string Messages(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (!parts.Contains(x.Message)) parts.Add(x.Message);
        }

        return string.Join(" <- ", parts);
    }
}
