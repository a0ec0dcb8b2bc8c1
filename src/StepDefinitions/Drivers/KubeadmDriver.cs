using LabSpecs.Drivers.Kubernetes;
using LabSpecs.Environments.Inventory;
using LabSpecs.Specs.Support;

namespace LabSpecs.Specs.Drivers;

/// <summary>kubeadm on the scenario's hosts (one per scenario): their shells, the scenario's cleanups and the run's kubeadm ledger.</summary>
public sealed class KubeadmDriver(LabContext lab)
{
    private KubeadmHosts? _hosts;

    public KubeadmHosts Hosts => _hosts ??= new KubeadmHosts(lab.ShellOn, lab, new KubeadmLedger(lab.Environment.Id));

    public LabContext Lab => lab;
}
