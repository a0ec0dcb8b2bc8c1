using LabSpecs.Core;
using LabSpecs.Environments.Kubernetes;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments.Kubernetes;

/// <summary>A multi-file KUBECONFIG with an explicit context (what KubernetesClient alone cannot do, csharp#1730).</summary>
public sealed class KubeconfigTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDirectory() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "ls-kubeconfig-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string cluster, string server, string? current = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            {(current is null ? "" : $"current-context: {current}")}
            clusters:
            - name: {cluster}
              cluster:
                server: {server}
                insecure-skip-tls-verify: true
            users:
            - name: {cluster}-admin
              user:
                token: t-{cluster}
            contexts:
            - name: {cluster}
              context:
                cluster: {cluster}
                user: {cluster}-admin
            """);
        return path;
    }

    [Test]
    public void A_context_defined_in_the_second_file_is_used_with_that_files_cluster()
    {
        var first = Write("config", "home", "https://10.0.0.1:6443", current: "home");
        var second = Write("lab.yaml", "lab", "https://192.0.2.10:6443");

        var resolved = Kubeconfig.Resolve([first, second], "lab");

        resolved.Context.ShouldBe("lab");
        resolved.Server.ShouldBe("https://192.0.2.10:6443");
        resolved.Client.AccessToken.ShouldBe("t-lab");
        resolved.KubeconfigVariable.ShouldBe($"{first}:{second}");
    }

    [Test]
    public void Without_a_context_the_first_files_current_context_wins()
    {
        var first = Write("config", "home", "https://10.0.0.1:6443", current: "home");
        var second = Write("lab.yaml", "lab", "https://192.0.2.10:6443", current: "lab");

        Kubeconfig.Resolve([first, second], null).Server.ShouldBe("https://10.0.0.1:6443");
    }

    [Test]
    public void An_unknown_context_fails_naming_the_valid_ones()
    {
        var first = Write("config", "home", "https://10.0.0.1:6443", current: "home");
        var second = Write("lab.yaml", "lab", "https://192.0.2.10:6443");

        var e = Should.Throw<LabSpecsException>(() => Kubeconfig.Resolve([first, second], "prod"));

        e.Message.ShouldContain("no context 'prod'; valid: home, lab");
    }
}
