using LabSpecs.Core;
using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;

namespace LabSpecs.Specs.Steps.MultiHost;

[Binding]
public sealed class ComposeSteps(LabContext lab, ComposeDriver compose, FeatureContext feature)
{
    [Given("the compose project {string} from {string} is up on {string}")]
    public Task GivenComposeUp(string project, string directory, string host) =>
        compose.UpAsync(project, ComposeFiles.Read(feature.FeatureInfo.FolderPath, directory), host);

    [Then("the compose project has the running containers:")]
    public async Task ThenRunningContainers(Table table)
    {
        var project = compose.Project;
        var containers = await project.ContainersAsync();
        var seen = string.Join('\n', containers.Select(c => $"{c.Name} [{c.State}] {string.Join(",", c.Networks)}"));
        lab.Expect.That(containers.Count == table.Rows.Count, $"the compose project {project.Project} should have {table.Rows.Count} containers", () => $"it has:\n{seen}");
        foreach (var row in table.Rows)
        {
            var c = containers.SingleOrDefault(x => x.Service == row["service"]);
            lab.Expect.That(c?.State == "running", $"the compose service {row["service"]} should have a running container", () => $"the project has:\n{seen}");
            var expected = NameList.Parse(row["networks"]).Select(n => $"{project.Project}_{n}").Order().ToList();
            lab.Expect.That(c!.Networks.Order().SequenceEqual(expected), $"{c.Name} should be on the networks {string.Join(", ", expected)}",
                () => $"it is on {Expectation.Listing(c.Networks.Order().ToList(), "networks")}");
        }

        if (LabFacts.ComposeNamesDifference(containers, project.Project) is { } difference) lab.Evidence.Record(HandbookDifference.Note(difference));
    }

    [Then("the compose project has {int} running container(s) of {string} and {int} of {string}")]
    public async Task ThenCounts(int n1, string s1, int n2, string s2)
    {
        await compose.ShowAsync(); // the handbook's "docker-compose ps"; the counts come from the engine's labels
        var containers = await compose.Project.ContainersAsync();
        foreach (var (service, n) in new[] { (s1, n1), (s2, n2) })
        {
            lab.Expect.Equal(containers.Count(c => c.Service == service && c.State == "running"), n, $"the compose project should have {n} running container(s) of {service}");
        }
    }

    [Then("on {string} the network {string} has exactly the containers of the compose services {string}")]
    public async Task ThenNetworkHasServices(string host, string network, NameList services)
    {
        var expected = await compose.ContainersOfAsync(services);
        await ThenNetworkHasContainers(host, network, new NameList(expected));
    }

    [Then("on {string} the network {string} has exactly the containers {string}")]
    public async Task ThenNetworkHasContainers(string host, string network, NameList names)
    {
        var info = await lab.DockerOn(host).InspectNetworkAsync(network);
        var seen = info.Containers.Select(c => c.Name).Order().ToList();
        lab.Expect.That(seen.SequenceEqual(names.Order()),
            $"docker network inspect {network} on {host} should list exactly the containers {string.Join(", ", names)}", () => $"it lists {Expectation.Listing(seen, "containers")}");
    }

    [Then("every container's address is inside the subnet of its network")]
    public async Task ThenAddressesInSubnets()
    {
        var project = compose.Project;
        var docker = lab.DockerOn(project.Host);
        foreach (var name in (await project.ContainersAsync()).SelectMany(c => c.Networks).Distinct())
        {
            var net = await docker.InspectNetworkAsync(name);
            lab.Expect.Equal(net.Subnets.Count, 1, $"the network {name} should have one subnet");
            var subnet = net.Subnets[0];
            foreach (var c in net.Containers)
            {
                lab.Expect.That(InterfaceAddress.InSubnet(c.IPv4Address, subnet), $"{c.Name} should have an address inside {subnet}, the subnet of {name}", () => $"it has {c.IPv4Address}");
            }
        }
    }

    [Then("the compose project publishes {string} for {string}")]
    public Task ThenPublishesOne(string port, string service) => ThenPublishes(port, service, "", "");

    [Then("the compose project publishes {string} for {string} and {string} for {string}")]
    public async Task ThenPublishes(string port1, string service1, string port2, string service2)
    {
        var containers = await compose.Project.ContainersAsync();
        foreach (var (port, service) in new[] { (port1, service1), (port2, service2) }.Where(p => !string.IsNullOrEmpty(p.Item1)))
        {
            LabFacts.PortsInclude(containers.Single(c => c.Service == service).Ports, port, $"the compose service {service}");
        }
    }

    [Then("the compose project publishes port {int} of {string} on a random host port")]
    public async Task ThenRandomPort(int port, string service)
    {
        var project = compose.Project;
        var container = (await project.ContainersAsync()).Single(c => c.Service == service);
        var hostPort = container.HostPortFor(port);
        lab.Expect.That(hostPort is not null, $"the compose service {service} should publish port {port}", () => $"its ports are \"{container.Ports}\"");
        LabFacts.EphemeralPort(hostPort!.Value, await lab.NetworkOn(project.Host.Name).LocalPortRangeAsync(), $"port {port} of {service} ({container.Ports})");
    }

    [Then("on {string} the name {string} does not resolve in {string}, with {string}")]
    public async Task ThenDoesNotResolve(string host, string name, string container, string message)
    {
        var r = await lab.DockerOn(host).PingOnceAsync(container, name);
        lab.Expect.That(!r.Succeeded && (r.Stdout + r.Stderr).Contains(message, StringComparison.Ordinal),
            $"on {host} the name {name} should not resolve in {container}, with \"{message}\"", () => r.Succeeded ? "it resolves" : "it fails with other words");
    }

    [Then("on {string} the container {string} reaches {string} by name")]
    public async Task ThenReachesByName(string host, string container, string name) =>
        LabFacts.ResolvesTo(await lab.DockerOn(host).ResolveAsync(container, name), name, await compose.AddressesOfAsync(name));

    [Then("on {string} a container of the compose service {string} reaches {string} by name")]
    public async Task ThenServiceReachesByName(string host, string service, string name) =>
        await ThenReachesByName(host, await compose.ContainerOfAsync(service), name);

    [When("I scale the compose service {string} to {int}")]
    public Task WhenScale(string service, int replicas) => compose.Project.ScaleAsync(service, replicas);

    [When("I take the compose project down")]
    public async Task WhenDown() => (await compose.Project.DownAsync()).EnsureSuccess();

    [Then("no container or network of the compose project is left on {string}")]
    public async Task ThenNothingLeft(string host)
    {
        var project = compose.Project;
        lab.Expect.Empty((await project.ContainersAsync()).Select(c => c.Name), $"no container of {project.Project} should be left on {host}", "containers");
        lab.Expect.Empty(await project.NetworkIdsAsync(), $"no network of {project.Project} should be left on {host}", "networks");
    }
}
