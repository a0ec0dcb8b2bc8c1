using k8s;
using k8s.Models;
using LabSpecs.Core;
using LabSpecs.Drivers.Kubernetes;
using NUnit.Framework;
using Shouldly;
using static LabSpecs.UnitTests.Drivers.Kubernetes.Pods;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>The chapter's images: overridable by a user's file, applied to manifests and typed commands; checked pullable first.</summary>
public sealed class ImagesTests
{
    private static string Manifests([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "..", "features", "kubernetes", "manifests"));

    private static readonly ImageMap Mirror = ImageMap.Parse("""
        # the flask demo from a lab registry
        xiaopeng163/docker-flask-demo:1.0 = registry.lab:5000/flask-demo:1.0
        xiaopeng163/docker-flask-demo:2.0 = registry.lab:5000/flask-demo:2.0
        """, "images.txt");

    private static readonly Dictionary<string, string> RunLabel = new() { ["labspecs.run"] = "ls-abc123" };

    [Test]
    public void An_override_file_replaces_the_image_in_set_image_and_leaves_other_words_alone() =>
        Mirror.MapCommand("kubectl set image deployment/web web=xiaopeng163/docker-flask-demo:2.0")
            .ShouldBe("kubectl set image deployment/web web=registry.lab:5000/flask-demo:2.0");

    [Test]
    public void A_bad_line_in_the_override_file_names_the_file_and_line() =>
        Should.Throw<LabSpecsException>(() => ImageMap.Parse("redis:7\nxiaopeng163/docker-flask-demo:1.0\n", "images.txt"))
            .Message.ShouldStartWith("images.txt:1: expected ORIGINAL = REPLACEMENT");

    [Test]
    public void Every_manifest_a_scenario_creates_carries_the_overridden_image_and_the_run_label()
    {
        var deployment = KubernetesYaml.LoadAllFromString(
            ScenarioManifests.Rewrite(File.ReadAllText(Path.Combine(Manifests(), "web-deploy.yml")), Mirror, RunLabel)).ShouldHaveSingleItem().ShouldBeOfType<V1Deployment>();
        var redis = KubernetesYaml.LoadAllFromString(
            ScenarioManifests.Rewrite(File.ReadAllText(Path.Combine(Manifests(), "db-pod.yml")), Mirror, RunLabel)).ShouldHaveSingleItem().ShouldBeOfType<V1Pod>();

        deployment.Spec.Template.Spec.Containers[0].Image.ShouldBe("registry.lab:5000/flask-demo:1.0");
        deployment.Metadata.Labels.ShouldContainKeyAndValue("labspecs.run", "ls-abc123");
        deployment.Spec.Template.Metadata.Labels.ShouldContainKeyAndValue("labspecs.run", "ls-abc123");
        deployment.Spec.Selector.MatchLabels.ShouldBe(new Dictionary<string, string> { ["name"] = "web" });
        redis.Spec.Containers[0].Image.ShouldBe(KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Manifests(), "db-pod.yml"))).OfType<V1Pod>().Single().Spec.Containers[0].Image);
        redis.Metadata.Labels.ShouldContainKeyAndValue("name", "redis");
    }

    [Test]
    public void Redis_is_pinned_by_digest()
    {
        var redis = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Manifests(), "db-pod.yml"))).OfType<V1Pod>().Single();

        redis.Spec.Containers[0].Image.ShouldMatch(@"^redis:[0-9][^@]*@sha256:[0-9a-f]{64}$");
    }

    [Test]
    public void A_pull_rate_limit_is_a_failed_pull_a_running_container_a_pulled_image_and_container_creating_undecided()
    {
        var limited = ImagePull.Of(Waiting("probe", "xiaopeng163/docker-flask-demo:1.0", "ErrImagePull", "429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit."));
        var creating = ImagePull.Of(Waiting("probe", "redis:7", "ContainerCreating", ""));
        var running = ImagePull.Of(Ready("probe", "redis:7"));

        running.Pulled.ShouldBeTrue();
        limited.Failure.ShouldNotBeNull().ShouldContain("toomanyrequests");
        creating.Decided.ShouldBeFalse();
    }

    [Test]
    public void The_chapter_list_names_every_image_its_manifests_and_commands_use()
    {
        var listed = ImageMap.None.ChapterImages(Path.Combine(Manifests(), "..", "images.txt"));
        var inManifests = Directory.GetFiles(Manifests(), "*.yml").SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f))).SelectMany(o => o switch
        {
            V1Pod p => p.Spec.Containers,
            V1ReplicationController rc => rc.Spec.Template.Spec.Containers,
            V1Deployment d => d.Spec.Template.Spec.Containers,
            _ => [],
        }).Select(c => c.Image);
        var inCommands = Directory.GetFiles(Path.Combine(Manifests(), ".."), "*.feature").SelectMany(f => File.ReadAllLines(f))
            .SelectMany(l => l.Split(' ', '"')).Where(w => w.Contains("=xiaopeng163/", StringComparison.Ordinal)).Select(w => w[(w.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        listed.ShouldBe(inManifests.Concat(inCommands).Distinct().Order(StringComparer.Ordinal).ToList(), ignoreOrder: true);
        Mirror.ChapterImages(Path.Combine(Manifests(), "..", "images.txt")).ShouldContain("registry.lab:5000/flask-demo:2.0");
    }

    /// <summary>The copies keep ports as numbers: a quoted "5000" would be a port name, and the probe and the service would point nowhere.</summary>
    [TestCase("web-svc.yml", "targetPort: 5000")]
    [TestCase("web-deploy.yml", "port: 5000")]
    [TestCase("web-pod.yml", "containerPort: 5000")]
    public void A_rewritten_manifest_keeps_its_ports_numbers(string file, string line)
    {
        var rewritten = ScenarioManifests.Rewrite(File.ReadAllText(Path.Combine(Manifests(), file)), Mirror, RunLabel);

        rewritten.Split('\n').Select(l => l.Trim().TrimStart('-', ' ')).ShouldContain(line, rewritten);
    }
}
