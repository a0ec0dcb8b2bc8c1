using LabSpecs.Core;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Core;

public sealed class ProgressWriterTests
{
    [Test]
    public void Each_item_is_one_line_of_its_content_or_of_its_title()
    {
        var lines = new List<string>();
        var item = new EvidenceItem("docker-host", "docker-host 192.168.205.10: dockerd and sshd ready (1.20 s)");

        new ProgressWriter(lines.Add).Record(item);
        new ProgressWriter(lines.Add, "[Bridge] ", titlesOnly: true).Record(item);

        lines.ShouldBe(["  docker-host 192.168.205.10: dockerd and sshd ready (1.20 s)", "[Bridge] docker-host"]);
    }
}
