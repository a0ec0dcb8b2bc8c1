using LabSpecs.Environments;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments;

/// <summary>
/// What an engine can still do of the handbook, from the server versions Debian's engines report
/// (<c>dockerd --version</c>: bookworm "20.10.24+dfsg1", trixie "26.1.5+dfsg1", sid "28.5.2+dfsg3").
/// </summary>
public class EngineCapabilitiesTests
{
    [Test]
    public void Docker_20_10_still_has_the_cluster_store()
    {
        var c = EngineCapabilities.Of([("docker-node1", "20.10.24+dfsg1"), ("docker-node2", "20.10.24+dfsg1")]);

        c.Has("cluster-store").ShouldBeTrue();
    }

    [Test]
    public void Docker_26_lacks_it_and_says_which_engine_and_what_changed()
    {
        var c = EngineCapabilities.Of([("docker-host", "26.1.5+dfsg1")]);

        c.Has("cluster-store").ShouldBeFalse();
        c.WhyMissing("cluster-store").ShouldStartWith("Docker 26.1.5: --cluster-store was removed in Docker 23.0");
    }

    [Test]
    public void One_newer_engine_among_older_ones_is_enough_to_lack_it_and_is_named()
    {
        var c = EngineCapabilities.Of([("docker-node1", "20.10.24+dfsg1"), ("docker-node2", "28.5.2+dfsg3")]);

        c.Has("cluster-store").ShouldBeFalse();
        c.WhyMissing("cluster-store").ShouldStartWith("docker-node2: Docker 28.5.2: ");
    }

    [Test]
    public void Docker_23_0_0_is_the_first_without_it()
    {
        EngineCapabilities.Of([("h", "22.06.0")]).Has("cluster-store").ShouldBeTrue();
        EngineCapabilities.Of([("h", "23.0.0")]).Has("cluster-store").ShouldBeFalse();
    }

    [Test]
    public void An_engine_version_that_is_not_dockers_numbering_is_not_skipped_for()
    {
        EngineCapabilities.Parse("(could not ask)").ShouldBeNull();
        EngineCapabilities.Of([("h", "dev")]).Missing.ShouldBeEmpty();
    }

    [Test]
    public void Engine_capabilities_join_the_environments_own()
    {
        var kernel = new Capabilities(new HashSet<string> { "vxlan" }, new Dictionary<string, string> { ["gre"] = "no GRE" });

        var all = kernel.With(EngineCapabilities.Of([("docker-host", "26.1.5+dfsg1")]));

        all.Has("vxlan").ShouldBeTrue();
        all.WhyMissing("gre").ShouldBe("no GRE");
        all.WhyMissing("cluster-store").ShouldContain("Docker 26.1.5");
    }
}
