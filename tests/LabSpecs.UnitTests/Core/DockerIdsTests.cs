using LabSpecs.Core;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Core;

public sealed class DockerIdsTests
{
    // ids as docker 20.10 prints them: a container id, an image id with its digest prefix, and an id already short
    [TestCase("26748c04d4d4b2e0c7cfa4cf6bd3b8a7c0d0a0a7d41d5c43fd5ee2ce5d4f3a3c", "26748c04d4d4")]
    [TestCase("sha256:0a8f9b5c3f0d4f0b8a2ab6e8f1dd0b3c1a17a3a0f4d47e0a5f1e0b3a0c5d6e7f", "0a8f9b5c3f0d")]
    [TestCase("5d2a9e1f", "5d2a9e1f")]
    public void A_short_id_is_the_first_twelve_hex_digits(string id, string expected) => DockerIds.Short(id).ShouldBe(expected);

    [Test]
    public void The_run_filter_names_one_run_or_every_run() =>
        (LabLabels.RunFilter("r1"), LabLabels.RunFilter(null)).ShouldBe(("labspecs.run=r1", "labspecs.run"));
}
