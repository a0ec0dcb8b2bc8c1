namespace LabSpecs.Drivers.Docker;

public sealed partial class DockerEngine
{
    /// <summary><c>docker info</c>: which engine answered (its name is the host's hostname), and how much it holds.</summary>
    public Task<EngineInfo> InfoAsync(CancellationToken ct = default) =>
        CallAsync("docker info", Options.Call, async c =>
        {
            var i = await _client.System.GetSystemInfoAsync(c).ConfigureAwait(false);
            return new EngineInfo(i.Name, i.ServerVersion, i.Containers, i.Images);
        }, i => $"Server:\n Containers: {i.Containers}\n Images: {i.Images}\n Server Version: {i.ServerVersion}\n Name: {i.Name}", ct);
}

/// <summary>What <c>docker info</c> says about the engine that answered.</summary>
public sealed record EngineInfo(string Name, string ServerVersion, long Containers, long Images);
