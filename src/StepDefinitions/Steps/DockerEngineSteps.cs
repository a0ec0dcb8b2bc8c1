using LabSpecs.Core;
using LabSpecs.Drivers.DockerCommands;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

namespace LabSpecs.Specs.Steps;

/// <summary>Docker Engine Basic: client and server versions, the docker group.</summary>
[Binding]
public sealed class DockerEngineSteps(LabContext lab, CommandDriver commands)
{
    private DockerVersionReport? _version;

    private DockerVersionReport Version => _version ?? throw new LabSpecsException("Ask the docker host for the docker version first.");

    [When("I ask the docker host for the docker version")]
    public async Task WhenIAskForTheDockerVersion()
    {
        commands.Keep(await lab.Docker.ShowVersionAsync());
        _version = await lab.Docker.VersionAsync();
    }

    [Then("the client and the server both report a version and an API version")]
    public void ThenBothReportVersions()
    {
        foreach (var (side, v) in new[] { ("client", Version.Client), ("server", Version.Server) })
        {
            lab.Expect.That(!string.IsNullOrEmpty(v.Version), $"docker version should report the {side}'s version", () => "it reports none");
            lab.Expect.That(System.Version.TryParse(v.ApiVersion, out var api) && api.Build < 0, $"docker version should report the {side}'s API version as major.minor", () => $"it reports \"{v.ApiVersion}\"");
        }
    }

    [Then("the client talks to the server in the server's API version")]
    public void ThenTheClientUsesTheServersApiVersion() =>
        lab.Expect.Equal(Version.Client.ApiVersion, Version.Server.ApiVersion, $"the client should talk to the server in the server's API version {Version.Server.ApiVersion}");

    [Given("the docker socket belongs to the group {string}")]
    public async Task GivenTheDockerSocketBelongsTo(string group)
    {
        var owner = await lab.Docker.SocketOwnerAsync();
        if (!owner.EndsWith($":{group} 660", StringComparison.Ordinal))
        {
            throw new CapabilityMissingException("docker-group", $"the docker socket on {lab.Host.Name} is {owner}, not owned by group {group} with mode 660");
        }
    }

    [When("a user outside the docker group runs {string}")]
    public async Task WhenAUserOutsideTheDockerGroupRuns(string command) =>
        commands.Keep(await lab.Docker.RunAsUserAsync(command, inDockerGroup: false));

    [When("a user in the docker group runs {string}")]
    public async Task WhenAUserInTheDockerGroupRuns(string command) =>
        commands.Keep(await lab.Docker.RunAsUserAsync(command, inDockerGroup: true));
}
