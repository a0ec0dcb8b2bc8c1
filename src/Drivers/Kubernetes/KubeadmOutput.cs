using System.Text.RegularExpressions;

namespace LabSpecs.Drivers.Kubernetes;

/// <summary>The join command <c>kubeadm init</c> prints: the whole command (continuation lines joined), its token and API server.</summary>
public sealed record KubeadmJoin(string Command, string Token, string ApiServer)
{
    /// <summary>The API server's address without its port ("192.168.205.10" of "192.168.205.10:6443").</summary>
    public string ApiServerAddress => ApiServer.Contains(':', StringComparison.Ordinal) ? ApiServer[..ApiServer.LastIndexOf(':')] : ApiServer;
}

public static partial class KubeadmOutput
{
    /// <summary>
    /// Finds "kubeadm join ..." in the output of kubeadm init: 1.5's <c>kubeadm join --token=af6b44.f383a4116ef0d028 192.168.205.10</c>
    /// and today's <c>kubeadm join 192.168.205.10:6443 --token abcdef.0123456789abcdef \ --discovery-token-ca-cert-hash sha256:…</c>.
    /// </summary>
    public static KubeadmJoin? JoinCommand(string output)
    {
        var lines = output.Replace("\r", "").Split('\n');
        var start = Array.FindLastIndex(lines, l => l.TrimStart().StartsWith("kubeadm join ", StringComparison.Ordinal));
        if (start < 0) return null;
        var command = lines[start].Trim();
        for (var i = start + 1; command.EndsWith('\\') && i < lines.Length; i++)
        {
            command = command.TrimEnd('\\').TrimEnd() + " " + lines[i].Trim();
        }

        var token = Token().Match(command);
        var server = Server().Match(command);
        return token.Success && server.Success ? new KubeadmJoin(command.TrimEnd('\\').Trim(), token.Groups[1].Value, server.Value) : null;
    }

    [GeneratedRegex(@"--token[= ]([a-z0-9]{6}\.[a-z0-9]{16})")]
    private static partial Regex Token();

    [GeneratedRegex(@"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?![\w.])")]
    private static partial Regex Server();
}
