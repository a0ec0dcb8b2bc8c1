using LabSpecs.UnitTests.Drivers;
using LabSpecs.Drivers.DockerCommands;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.DockerCommands;

/// <summary>What the CLI driver reads from docker ps and busybox nslookup, on real recorded output.</summary>
public sealed class DockerPsAndNslookupTests
{
    [Test]
    public void Docker_ps_names_come_from_the_NAMES_column_not_from_other_cells()
    {
        var names = DockerPs.Names(Recorded.Read(Path.Combine("Cli", "docker-ps-a-demo-exited.txt")));

        names.ShouldBe(["other", "demo"]);
    }

    [Test]
    public void Docker_ps_ids_are_the_short_ids_of_the_first_column()
    {
        DockerPs.Ids(Recorded.Read(Path.Combine("Cli", "docker-ps-a-demo-exited.txt"))).ShouldBe(["c3f5f717a179", "609840d8b991"]);
        DockerPs.Ids(Recorded.Read(Path.Combine("Cli", "docker-ps-demo.txt"))).ShouldBe(["609840d8b991"]);
    }

    [Test]
    public void Busybox_nslookup_answers_leave_out_the_dns_servers_address()
    {
        var answers = Nslookup.Answers(Recorded.MultiHost("nslookup-tasks-busybox.txt"));

        answers.ShouldBe(["10.0.1.3", "10.0.1.2", "10.0.1.4"]);
    }
}
