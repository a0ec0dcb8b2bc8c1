using k8s;
using LabSpecs.Drivers.Kubernetes;
using NUnit.Framework;
using Shouldly;
using static LabSpecs.UnitTests.Drivers.Kubernetes.Pods;

namespace LabSpecs.UnitTests.Drivers.Kubernetes;

/// <summary>
/// The rolling update's limits ("keep 3 pods available, do not exceed 4") checked on the pods a watch saw. The event sequence
/// follows the deployment controller (kubernetes/kubernetes pkg/controller/deployment/rolling.go: reconcileNewReplicaSet scales
/// the new ReplicaSet up to replicas + maxSurge counted in ReplicaSet replicas; reconcileOldReplicaSets scales the old one down
/// once new pods are available) and graceful deletion (the API server sets deletionTimestamp: a MODIFIED event; the pod is
/// DELETED after its grace period — 30 s for the flask demo, which ignores SIGTERM).
/// </summary>
public sealed class PodCensusTests
{
    [Test]
    public void A_rolling_update_at_max_surge_1_with_lingering_terminating_pods_stays_within_4_pods_and_3_ready()
    {
        const string v2 = "xiaopeng163/docker-flask-demo:2.0";
        var census = new PodCensus();
        census.Listed([Ready("web-a1"), Ready("web-a2"), Ready("web-a3")]);
        census.StartCounting();

        // maxSurge 1: the new ReplicaSet goes to 1 (3 + 1 = 4 replicas)
        census.Apply(WatchEventType.Added, Pending("web-b1", v2));
        census.Apply(WatchEventType.Modified, Running("web-b1", v2));
        census.Apply(WatchEventType.Modified, Ready("web-b1", v2));
        // b1 available: the old ReplicaSet goes to 2 (a1 terminates, lingering 30 s), then the new one to 2
        census.Apply(WatchEventType.Modified, Terminating(Ready("web-a1")));
        census.Apply(WatchEventType.Added, Pending("web-b2", v2));
        census.Apply(WatchEventType.Modified, Ready("web-b2", v2));
        // b2 available: old to 1 (a2 terminates while a1 still lingers), new to 3
        census.Apply(WatchEventType.Modified, Terminating(Ready("web-a2")));
        census.Apply(WatchEventType.Added, Pending("web-b3", v2));
        census.Apply(WatchEventType.Modified, Ready("web-b3", v2));
        census.Apply(WatchEventType.Modified, Terminating(Ready("web-a3")));
        // the grace periods end
        census.Apply(WatchEventType.Deleted, Terminating(Ready("web-a1")));
        census.Apply(WatchEventType.Deleted, Terminating(Ready("web-a2")));
        census.Apply(WatchEventType.Deleted, Terminating(Ready("web-a3")));

        census.MaxExisting.ShouldBe(4, "pods counted toward replicas + maxSurge (terminating ones are no replicas)");
        census.MaxIncludingTerminating.ShouldBe(6, "a1 and a2 linger while b3 starts");
        census.MinReady.ShouldBe(3);
        census.Pods.Select(p => p.Metadata.Name).ShouldBe(["web-b1", "web-b2", "web-b3"]);
    }

    [Test]
    public void A_surge_beyond_the_limit_is_seen()
    {
        var census = new PodCensus();
        census.Listed([Ready("web-a1"), Ready("web-a2"), Ready("web-a3")]);
        census.StartCounting();

        census.Apply(WatchEventType.Added, Pending("web-b1"));
        census.Apply(WatchEventType.Added, Pending("web-b2"));

        census.MaxExisting.ShouldBe(5);
    }
}
