using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Specs.Support;
using Reqnroll;
using Shouldly;

namespace LabSpecs.Specs.Steps;

/// <summary>Docker Engine Basic: client and server versions, the docker group.</summary>
[Binding]
public sealed class DockerEngineSteps(LabContext lab)
{
    private const string AsNobody = "setpriv --reuid=nobody --regid=nogroup";

    private JsonElement _version;

    [When("I ask the docker host for the docker version")]
    public async Task WhenIAskForTheDockerVersion()
    {
        lab.LastResult = (await lab.Docker.RunAsync("version")).EnsureSuccess();
        var json = (await lab.Docker.MustRunAsync("version --format '{{json .}}'")).Stdout;
        _version = JsonDocument.Parse(json).RootElement.Clone();
    }

    [Then("the client and the server both report a version and an API version")]
    public void ThenBothReportVersions()
    {
        foreach (var side in new[] { "Client", "Server" })
        {
            Str(side, "Version").ShouldNotBeNullOrEmpty($"{side} version missing in:\n{lab.LastCommand.Stdout}");
            Str(side, "ApiVersion").ShouldMatch(@"^\d+\.\d+$", $"{side} API version in:\n{lab.LastCommand.Stdout}");
        }
    }

    [Then("the client talks to the server in the server's API version")]
    public void ThenTheClientUsesTheServersApiVersion() =>
        Str("Client", "ApiVersion").ShouldBe(Str("Server", "ApiVersion"), $"docker version showed:\n{lab.LastCommand.Stdout}");

    [Given("the docker socket belongs to the group {string}")]
    public async Task GivenTheDockerSocketBelongsTo(string group)
    {
        var owner = (await lab.Shell.RunAsync("stat -L -c '%U:%G %a' /var/run/docker.sock")).EnsureSuccess().Stdout.Trim();
        if (!owner.EndsWith($":{group} 660", StringComparison.Ordinal))
        {
            throw new CapabilityMissingException("docker-group", $"the docker socket on {lab.Host.Name} is {owner}, not owned by group {group} with mode 660");
        }
    }

    [When("a user outside the docker group runs {string}")]
    public async Task WhenAUserOutsideTheDockerGroupRuns(string command) =>
        lab.LastResult = await lab.Shell.RunAsync($"{AsNobody} --clear-groups env HOME=/tmp {command}");

    [When("a user in the docker group runs {string}")]
    public async Task WhenAUserInTheDockerGroupRuns(string command) =>
        lab.LastResult = await lab.Shell.RunAsync($"{AsNobody} --groups docker env HOME=/tmp {command}");

    private string Str(string side, string property)
    {
        if (!_version.TryGetProperty(side, out var s)) return "";
        if (s.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString() ?? "";
        // the server's API version also sits in its Engine component
        if (s.TryGetProperty("Components", out var cs) && cs.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in cs.EnumerateArray())
            {
                if (c.TryGetProperty("Name", out var n) && n.GetString() == "Engine" && c.TryGetProperty("Details", out var d) &&
                    d.TryGetProperty(property, out var dv))
                {
                    return dv.GetString() ?? "";
                }
            }
        }

        return "";
    }
}
