using LabSpecs.Drivers.Checks;
using LabSpecs.Drivers.MultiHost;
using LabSpecs.Drivers.Networking;
using LabSpecs.Specs.Support;
using LabSpecs.Specs.Drivers;
using Reqnroll;
using Shouldly;

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
        containers.Count.ShouldBe(table.Rows.Count, seen);
        foreach (var row in table.Rows)
        {
            var c = containers.SingleOrDefault(x => x.Service == row["service"]).ShouldNotBeNull($"no container of {row["service"]}:\n{seen}");
            c.State.ShouldBe("running", seen);
            var expected = row["networks"].Split(',', StringSplitOptions.TrimEntries).Select(n => $"{project.Project}_{n}").Order();
            c.Networks.Order().ShouldBe(expected, $"networks of {c.Name}");
        }
    }

    [Then("the compose project has {int} running container(s) of {string} and {int} of {string}")]
    public async Task ThenCounts(int n1, string s1, int n2, string s2)
    {
        await compose.ShowAsync(); // the handbook's "docker-compose ps"; the counts come from the engine's labels
        var containers = await compose.Project.ContainersAsync();
        containers.Count(c => c.Service == s1 && c.State == "running").ShouldBe(n1);
        containers.Count(c => c.Service == s2 && c.State == "running").ShouldBe(n2);
    }

    [Then("on {string} the network {string} has exactly the containers of the compose services {string}")]
    public async Task ThenNetworkHasServices(string host, string network, string services)
    {
        var expected = await compose.ContainersOfAsync(services.Split(',', StringSplitOptions.TrimEntries));
        await ThenNetworkHasContainers(host, network, string.Join(", ", expected));
    }

    [Then("on {string} the network {string} has exactly the containers {string}")]
    public async Task ThenNetworkHasContainers(string host, string network, string names)
    {
        var info = await lab.DockerOn(host).InspectNetworkAsync(network);
        info.Containers.Select(c => c.Name).Order().ShouldBe(names.Split(',', StringSplitOptions.TrimEntries).Order());
    }

    [Then("every container's address is inside the subnet of its network")]
    public async Task ThenAddressesInSubnets()
    {
        var project = compose.Project;
        var docker = lab.DockerOn(project.Host);
        foreach (var name in (await project.ContainersAsync()).SelectMany(c => c.Networks).Distinct())
        {
            var net = await docker.InspectNetworkAsync(name);
            var subnet = net.Subnets.ShouldHaveSingleItem();
            foreach (var c in net.Containers)
            {
                InterfaceAddress.InSubnet(c.IPv4Address, subnet).ShouldBeTrue($"{c.Name} has {c.IPv4Address}, outside {subnet} of {name}");
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
        var hostPort = container.HostPortFor(port).ShouldNotBeNull(container.Ports);
        LabFacts.EphemeralPort(hostPort, await lab.NetworkOn(project.Host.Name).LocalPortRangeAsync(), $"port {port} of {service} ({container.Ports})");
    }

    [Then("on {string} the name {string} does not resolve in {string}, with {string}")]
    public async Task ThenDoesNotResolve(string host, string name, string container, string message)
    {
        var r = await lab.DockerOn(host).PingOnceAsync(container, name);
        r.Succeeded.ShouldBeFalse(r.ToTranscript());
        (r.Stdout + r.Stderr).ShouldContain(message, Case.Sensitive, r.ToTranscript());
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
        (await project.ContainersAsync()).ShouldBeEmpty();
        var nets = await project.NetworkIdsAsync();
        nets.ShouldBeEmpty($"networks of {project.Project} are left on {host}: {string.Join(", ", nets)}");
    }
}
