using LabSpecs.UnitTests.Drivers;
using LabSpecs.Drivers.DockerCommands;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.DockerCommands;

/// <summary>What the CLI driver reads from docker inspect --format and docker ps -q, on real recorded output (Recorded/Cli/README.md).</summary>
public sealed class DockerInspectStateTests
{
    [Test]
    public void A_running_container_has_its_pid_and_no_exit_code()
    {
        var state = ContainerState.Parse(Recorded.Read(Path.Combine("Cli", "docker-inspect-state-running.txt")));

        state.Status.ShouldBe("running");
        state.Pid.ShouldBe(203);
        state.ShortId.ShouldBe("26748c04d4d4");
    }

    [Test]
    public void An_exited_container_has_no_pid_and_its_exit_code()
    {
        var state = ContainerState.Parse(Recorded.Read(Path.Combine("Cli", "docker-inspect-state-exited.txt")));

        (state.Status, state.Pid, state.ExitCode).ShouldBe(("exited", 0, 0));
    }

    [Test]
    public void Output_of_another_format_is_refused_with_the_format_expected()
    {
        var e = Should.Throw<FormatException>(() => ContainerState.Parse(Recorded.Read(Path.Combine("Cli", "docker-ps-aq-exited.txt"))));

        e.Message.ShouldContain(ContainerState.Format);
    }

    [Test]
    public void Ids_of_docker_ps_q_and_of_the_table_agree()
    {
        var quiet = DockerPs.Ids(Recorded.Read(Path.Combine("Cli", "docker-ps-aq-exited.txt")));
        var table = DockerPs.Ids(Recorded.Read(Path.Combine("Cli", "docker-ps-a-running-and-exited.txt")));

        quiet.ShouldBe(["0f8adf2392e0"]);
        table.ShouldBe(["0f8adf2392e0", "26748c04d4d4"]);
        DockerPs.Names(Recorded.Read(Path.Combine("Cli", "docker-ps-a-running-and-exited.txt"))).ShouldBe(["done", "demo"]);
    }
}
