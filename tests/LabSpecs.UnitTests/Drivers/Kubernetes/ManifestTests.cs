using k8s;
using k8s.Models;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>The lab's manifests (features/kubernetes/manifests) load with KubernetesClient's YAML loader and say what the lab relies on.</summary>
public sealed class ManifestTests
{
    private static string Manifests([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "..", "features", "kubernetes", "manifests"));

    private static T Load<T>(string file) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Manifests(), file))).ShouldHaveSingleItem().ShouldBeOfType<T>();

    [Test]
    public void Every_manifest_loads_as_one_typed_object()
    {
        var files = Directory.GetFiles(Manifests(), "*.yml");

        files.Length.ShouldBe(6);
        foreach (var file in files)
        {
            KubernetesYaml.LoadAllFromString(File.ReadAllText(file)).ShouldHaveSingleItem().ShouldBeAssignableTo<IKubernetesObject<V1ObjectMeta>>();
        }
    }

    [Test]
    public void The_pods_run_redis_and_the_flask_demo_with_the_labels_the_services_select()
    {
        var redis = Load<V1Pod>("db-pod.yml");
        var web = Load<V1Pod>("web-pod.yml");

        (redis.Metadata.Name, redis.Spec.Containers[0].Image.Split(':')[0], redis.Spec.Containers[0].Ports[0].ContainerPort).ShouldBe(("redis", "redis", 6379));
        (web.Metadata.Name, web.Spec.Containers[0].Image, web.Spec.Containers[0].Ports[0].ContainerPort).ShouldBe(("web", "xiaopeng163/docker-flask-demo:1.0", 5000));
        Load<V1Service>("db-svc.yml").Spec.Selector.ShouldBe(new Dictionary<string, string> { ["name"] = "redis", ["app"] = "demo" });
        redis.Metadata.Labels.ShouldContainKeyAndValue("app", "demo");
    }

    [Test]
    public void The_web_service_is_a_node_port_from_80_to_5000_of_the_pods_named_web()
    {
        var svc = Load<V1Service>("web-svc.yml");

        svc.Spec.Type.ShouldBe("NodePort");
        svc.Spec.Selector.ShouldBe(new Dictionary<string, string> { ["name"] = "web" });
        (svc.Spec.Ports[0].Port, svc.Spec.Ports[0].TargetPort.Value).ShouldBe((80, "5000"));
    }

    [Test]
    public void The_replication_controller_has_no_selector_of_its_own_so_it_adopts_the_web_pod()
    {
        var rc = Load<V1ReplicationController>("web-rc.yml");

        rc.Spec.Replicas.ShouldBe(3);
        rc.Spec.Selector.ShouldBeNull();
        rc.Spec.Template.Metadata.Labels.ShouldBe(new Dictionary<string, string> { ["name"] = "web" });
        Load<V1Pod>("web-pod.yml").Metadata.Labels.ShouldContainKeyAndValue("name", "web");
    }

    [Test]
    public void The_deployment_keeps_3_pods_available_and_never_more_than_4()
    {
        var deployment = Load<V1Deployment>("web-deploy.yml");

        deployment.Spec.Replicas.ShouldBe(3);
        deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value.ShouldBe("0");
        deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value.ShouldBe("1");
        deployment.Spec.Template.Spec.Containers[0].Name.ShouldBe("web");
    }

    /// <summary>
    /// Without a readinessProbe the kubelet reports a pod Ready as soon as its container started (kubernetes/kubernetes
    /// pkg/kubelet/prober/prober_manager.go: no probe means ready once running), before Flask listens; the first request
    /// then meets a closed port. Every web pod probes port 5000.
    /// </summary>
    [TestCase("web-pod.yml")]
    [TestCase("web-rc.yml")]
    [TestCase("web-deploy.yml")]
    public void Every_web_pod_is_ready_only_once_port_5000_accepts_connections(string file)
    {
        var text = File.ReadAllText(Path.Combine(Manifests(), file));
        var container = KubernetesYaml.LoadAllFromString(text).ShouldHaveSingleItem() switch
        {
            V1Pod p => p.Spec.Containers[0],
            V1ReplicationController rc => rc.Spec.Template.Spec.Containers[0],
            V1Deployment d => d.Spec.Template.Spec.Containers[0],
            var other => throw new AssertionException($"{file} is a {other.GetType().Name}"),
        };

        container.ReadinessProbe.ShouldNotBeNull(text).TcpSocket.ShouldNotBeNull(text).Port.Value.ShouldBe("5000");
    }
}
