using LabSpecs.Drivers.Docker;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Docker;

public sealed class RunLabelTests
{
    [TestCase("run -d --name test1 busybox sleep 3600", "run --label labspecs.run=inv-1 -d --name test1 busybox sleep 3600")]
    [TestCase("network create -d overlay demo", "network create --label labspecs.run=inv-1 -d overlay demo")]
    [TestCase("service create --name web -p 80:80 nginx", "service create --label labspecs.run=inv-1 --name web -p 80:80 nginx")]
    [TestCase("container create busybox", "container create --label labspecs.run=inv-1 busybox")]
    [TestCase("volume create data", "volume create --label labspecs.run=inv-1 data")]
    [TestCase("network ls", "network ls")]
    [TestCase("exec test1 ping -c 1 10.0.0.3", "exec test1 ping -c 1 10.0.0.3")]
    [TestCase("runtime-flag", "runtime-flag")]
    [TestCase("network inspect demo", "network inspect demo")]
    public void Commands_that_create_get_the_run_label_and_others_stay_as_they_are(string arguments, string expected) =>
        RunLabel.AddTo(arguments, "inv-1").ShouldBe(expected);

    [Test]
    public void A_shell_line_is_labelled_only_when_it_is_a_docker_command() =>
        (RunLabel.AddToCommandLine("docker run -d busybox", "r"), RunLabel.AddToCommandLine("ip link add br0 type bridge", "r"))
            .ShouldBe(("docker run --label labspecs.run=r -d busybox", "ip link add br0 type bridge"));
}
