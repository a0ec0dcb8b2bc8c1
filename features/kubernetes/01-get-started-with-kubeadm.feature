@kubeadm @needs-kubeadm
Feature: Get Started with Kubeadm
  The handbook makes a three-node Kubernetes cluster with kubeadm on the Vagrant boxes k8s-master (192.168.205.10),
  k8s-worker1 (.11) and k8s-worker2 (.12), where docker, kubelet, kubeadm, kubectl and kubernetes-cni are already installed.
  "kubeadm init" on the master prints the join command with its token, just like "docker swarm init"; each worker runs it;
  "kubectl get nodes" then lists the three nodes.

  It runs over SSH on real hosts: an inventory topology named "kubeadm" with those three hosts (see README.md); their
  addresses come from the inventory ("<address of k8s-master>"). Commands run as root there. Before kubeadm runs on a host,
  its prerequisites are checked (swap off, IPv4 forwarding, br_netfilter, a CRI runtime whose cgroup driver is the kubelet's,
  2 CPUs and 1700 MB on the master; docker itself is not needed): a host that lacks one skips the scenario with the reason.
  Every host is given back with "kubeadm reset" after each scenario (and by the next run if this one is killed).
  Today's kubeadm spells the handbook's --api-advertise-addresses as --apiserver-advertise-address, and nodes report Ready
  only once a pod network runs (the handbook's "You should now deploy a pod network to the cluster"): the scenario deploys
  flannel, whose manifest needs --pod-network-cidr=10.244.0.0/16.

  Scenario: kubeadm init on the master prints a join command with a token
    When I run "kubeadm init --apiserver-advertise-address=<address of k8s-master> --pod-network-cidr=10.244.0.0/16" on "k8s-master"
    Then the command succeeds
    And the output contains "has initialized successfully!"
    And kubeadm printed a join command with a token for "<address of k8s-master>"

  Scenario: The workers join and kubectl lists three nodes Ready, the master with its role
    Given the master "k8s-master" is initialized with "kubeadm init --apiserver-advertise-address=<address of k8s-master> --pod-network-cidr=10.244.0.0/16"
    When "k8s-worker1" runs the join command
    And "k8s-worker2" runs the join command
    And the pod network is deployed from "k8s-master"
    Then "kubectl get nodes" on "k8s-master" lists "k8s-master", "k8s-worker1" and "k8s-worker2", all Ready
    And "kubectl get nodes" on "k8s-master" shows "k8s-master" as the control plane
