using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// The TLS material of a tcp:// engine, as the docker CLI finds it: <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c> in
/// <c>DOCKER_CERT_PATH</c> or in a context's tls directory. A missing client certificate is allowed (the CLI then sends none,
/// and an engine started with <c>--tlsverify</c> refuses the connection). <see cref="ServerName"/> is the name the server
/// certificate must carry when it differs from the dialed host (e.g. the lab address behind a loopback forwarder).
/// </summary>
public sealed record DockerTlsFiles(string CaFile, string? CertFile, string? KeyFile, bool Verify = true, string? ServerName = null)
{
    /// <summary>The CLI's layout in one directory; cert.pem/key.pem that do not exist are left out, as the CLI does.</summary>
    public static DockerTlsFiles FromDirectory(string directory, bool verify = true)
    {
        string? IfThere(string file) => File.Exists(Path.Combine(directory, file)) ? Path.Combine(directory, file) : null;
        return new DockerTlsFiles(Path.Combine(directory, "ca.pem"), IfThere("cert.pem"), IfThere("key.pem"), verify);
    }

    public bool HasClientCertificate => CertFile is not null && KeyFile is not null;
}

/// <summary>
/// Where a Docker engine is and how to speak to it: <c>unix:///var/run/docker.sock</c>, <c>tcp://HOST:2376</c> with
/// <see cref="DockerTlsFiles"/>, or <c>ssh://USER@HOST</c>; resolved like the docker CLI from DOCKER_HOST /
/// DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, DOCKER_CONTEXT, or the current context of <c>~/.docker/config.json</c>
/// (<see cref="Context"/> names the context it came from).
/// </summary>
public sealed record DockerEndpoint(Uri Host, DockerTlsFiles? Tls = null, string? Context = null)
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    private static readonly string[] Schemes = ["unix", "tcp", "ssh"];

    /// <summary>
    /// A DOCKER_HOST value: unix://PATH, tcp://HOST[:PORT] (port 2375, or 2376 with TLS, when left out) or ssh://[USER@]HOST[:PORT].
    /// Anything else fails naming the value and the valid forms.
    /// </summary>
    public static DockerEndpoint Parse(string host, DockerTlsFiles? tls = null, string? context = null)
    {
        if (!Uri.TryCreate(host.Trim(), UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme))
        {
            throw new LabSpecsException(
                $"Docker host '{host}' is not one of unix:///path/docker.sock, tcp://HOST[:PORT], ssh://[USER@]HOST[:PORT]");
        }

        if (uri.Scheme != "tcp" && tls is not null)
        {
            throw new LabSpecsException($"Docker host '{host}': TLS files apply to tcp:// endpoints only");
        }

        if (uri.Scheme == "unix" && uri.AbsolutePath.Length <= 1) throw new LabSpecsException($"Docker host '{host}' names no socket path");
        if (uri.Scheme != "unix" && uri.Host.Length == 0) throw new LabSpecsException($"Docker host '{host}' names no host");
        if (uri.Scheme == "tcp" && uri.IsDefaultPort)
        {
            uri = new UriBuilder(uri) { Port = tls is null ? 2375 : 2376 }.Uri;
        }

        return new DockerEndpoint(uri, tls, context);
    }

    public bool IsTls => Tls is not null;

    /// <summary>The docker CLI flags that reach this endpoint: <c>-H tcp://… --tlsverify --tlscacert … --tlscert … --tlskey …</c>.</summary>
    public string CliFlags =>
        Context is not null ? $"--context {Context}" :
        Tls is null ? $"-H {Host}" :
        $"-H {Host} {(Tls.Verify ? "--tlsverify" : "--tls")} --tlscacert {Tls.CaFile}" +
        (Tls.HasClientCertificate ? $" --tlscert {Tls.CertFile} --tlskey {Tls.KeyFile}" : "");

    public override string ToString() => Context is null ? Host.ToString() : $"{Host} (context {Context})";

    /// <summary>
    /// The engine the docker CLI would use, given its environment variables and config directory (DOCKER_CONFIG or ~/.docker):
    /// DOCKER_HOST (TLS when DOCKER_TLS_VERIFY is set, files from DOCKER_CERT_PATH or the config directory), else the context
    /// DOCKER_CONTEXT names, else config.json's currentContext, else the default socket.
    /// </summary>
    public static DockerEndpoint FromEnvironment(IReadOnlyDictionary<string, string?> environment, string configDirectory)
    {
        string? Var(string name) => environment.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;
        if (Var("DOCKER_HOST") is { } host)
        {
            var tls = Var("DOCKER_TLS_VERIFY") is null ? null : DockerTlsFiles.FromDirectory(Var("DOCKER_CERT_PATH") ?? configDirectory);
            return Parse(host, host.StartsWith("tcp://", StringComparison.Ordinal) ? tls : null);
        }

        var context = Var("DOCKER_CONTEXT") ?? CurrentContext(configDirectory);
        return context is null or "default" ? Parse(DefaultSocket) : FromContext(context, configDirectory);
    }

    /// <summary>The config directory the docker CLI reads: DOCKER_CONFIG, else ~/.docker.</summary>
    public static string ConfigDirectory(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue("DOCKER_CONFIG", out var dir) && !string.IsNullOrEmpty(dir)
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    /// <summary>
    /// A context made with <c>docker context create NAME --docker host=…,ca=…,cert=…,key=…</c>: its meta.json under
    /// contexts/meta/&lt;sha256 of NAME&gt;/ and its TLS files under contexts/tls/&lt;sha256 of NAME&gt;/docker/.
    /// </summary>
    public static DockerEndpoint FromContext(string name, string configDirectory)
    {
        var id = ContextId(name);
        var meta = Path.Combine(configDirectory, "contexts", "meta", id, "meta.json");
        if (!File.Exists(meta))
        {
            var known = ContextNames(configDirectory);
            throw new LabSpecsException($"No docker context '{name}' in {configDirectory} (no {meta}); contexts there: " +
                (known.Count == 0 ? "(none)" : string.Join(", ", known)));
        }

        var (host, skipVerify) = ReadMeta(meta);
        var tlsDir = Path.Combine(configDirectory, "contexts", "tls", id, "docker");
        var tls = Directory.Exists(tlsDir) && host.StartsWith("tcp://", StringComparison.Ordinal)
            ? DockerTlsFiles.FromDirectory(tlsDir, verify: !skipVerify)
            : null;
        return Parse(host, tls, name);
    }

    /// <summary>The directory name the docker CLI stores a context under: the hex SHA-256 of its name.</summary>
    public static string ContextId(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private static (string Host, bool SkipTlsVerify) ReadMeta(string metaFile)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(metaFile));
            var docker = doc.RootElement.GetProperty("Endpoints").GetProperty("docker");
            var host = docker.GetProperty("Host").GetString() ?? throw new LabSpecsException($"{metaFile}: Endpoints.docker.Host is null");
            var skip = docker.TryGetProperty("SkipTLSVerify", out var s) && s.ValueKind == JsonValueKind.True;
            return (host, skip);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new LabSpecsException($"{metaFile}: not a docker context (expected Endpoints.docker.Host): {e.Message}", e);
        }
    }

    private static string? CurrentContext(string configDirectory)
    {
        var config = Path.Combine(configDirectory, "config.json");
        if (!File.Exists(config)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(config));
        return doc.RootElement.TryGetProperty("currentContext", out var c) ? c.GetString() : null;
    }

    private static List<string> ContextNames(string configDirectory)
    {
        var dir = Path.Combine(configDirectory, "contexts", "meta");
        if (!Directory.Exists(dir)) return [];
        return Directory.GetDirectories(dir)
            .Select(d => Path.Combine(d, "meta.json"))
            .Where(File.Exists)
            .Select(f =>
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(f));
                return doc.RootElement.TryGetProperty("Name", out var n) ? n.GetString() ?? "?" : "?";
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
