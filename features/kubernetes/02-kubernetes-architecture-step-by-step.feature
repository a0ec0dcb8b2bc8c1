@k8s @k8s-architecture @needs-kubernetes
Feature: Kubernetes Architecture Step by Step
  The handbook deploys a flask web app with a redis backend (kubernetes-101) on a five-VM CoreOS cluster, one object at a
  time, to show what each Kubernetes object does: pods run containers on some node, a service gives pods a name and a
  virtual address, a NodePort service opens a port on every node, a replication controller keeps N copies, a rolling
  update swaps the image without an outage.

  It runs against any cluster you point LabSpecs at (a kubeconfig; see README.md) whose nodes can pull the images of
  images.txt (checked before the scenarios; replace them with LABSPECS_K8S_IMAGES). Each scenario works in a namespace of
  its own (ls-<run>-<n>), removed afterwards, or in the topology's namespace, emptied of what the run made. The commands run
  on this lab's manifests (features/kubernetes/manifests). Where the handbook curls a pod or a node from node w3, the
  scenarios curl from inside the web pod (kubectl exec); node ports are fetched from this machine too when it reaches them.
  "kubectl rolling-update" is gone from kubectl (1.18); the rolling update uses a Deployment with the same limits the
  handbook's run printed: keep 3 pods available, do not exceed 4.

  Scenario: kubectl talks to the cluster and lists its nodes
    When I run "kubectl version"
    Then the command succeeds
    And the output contains "Client Version"
    And the output contains "Server Version"
    When I run "kubectl get nodes"
    Then every node listed is Ready
    When I run "kubectl cluster-info"
    Then the output contains "is running at"

  Scenario: A pod created from db-pod.yml runs redis on one of the nodes
    When I run "kubectl create -f db-pod.yml"
    Then kubectl created the pod "redis"
    And the pod "redis" becomes Running
    When I run "kubectl get pods -o wide"
    Then the pod "redis" is listed "Running" with "1/1" ready on a node of the cluster

  Scenario: The node of the redis pod runs its container
    Given the pod "redis" from "db-pod.yml" is running
    Then the node of the pod "redis" lists its container, as docker ps did in the handbook

  Scenario: The web pod cannot reach redis by name until the redis service exists
    Given the pod "redis" from "db-pod.yml" is running
    And the pod "web" from "web-pod.yml" is running
    When I fetch port 5000 of the pod "web" from inside it
    Then the answer is an error connecting to "redis:6379"
    When I run "kubectl create -f db-svc.yml"
    Then kubectl created the service "redis"
    When I run "kubectl get svc"
    Then the service "redis" is listed with the port "6379/TCP"
    When I fetch port 5000 of the pod "web" from inside it 2 times
    Then every answer contains "Hello Container World! I have been seen"
    And the hit counts in the answers go up by one with each request

  Scenario: The NodePort service answers on every node's address
    Given the pod "redis" from "db-pod.yml" is running
    And the pod "web" from "web-pod.yml" is running
    And the service "redis" from "db-svc.yml"
    When I run "kubectl create -f web-svc.yml"
    Then kubectl created the service "web"
    When I run "kubectl get svc"
    Then the service "web" is listed with a node port for port 80
    When I fetch the node port of the service "web" on every node's address
    Then every answer contains "Hello Container World! I have been seen"
    And the hit counts in the answers go up by one with each request

  Scenario: A replication controller with 3 replicas adopts the standalone web pod
    Given the pod "redis" from "db-pod.yml" is running
    And the pod "web" from "web-pod.yml" is running
    When I run "kubectl create -f web-rc.yml"
    Then kubectl created the replicationcontroller "web"
    And 3 pods labelled "name=web" become Running, the pod "web" among them
    When I run "kubectl get pods -o wide"
    Then 4 pods are listed, all "Running"
    And the pod "web" is controlled by the ReplicationController "web"

  Scenario: A rolling update to the 2.0 image replaces the pods one at a time
    Given the pod "redis" from "db-pod.yml" is running
    And the service "redis" from "db-svc.yml"
    And the service "web" from "web-svc.yml"
    And 3 pods labelled "name=web" from "web-deploy.yml" are running
    When I run "kubectl set image deployment/web web=xiaopeng163/docker-flask-demo:2.0" while watching the pods labelled "name=web"
    And I run "kubectl rollout status deployment/web --timeout=180s"
    Then the command succeeds
    And during the update at least 3 pods labelled "name=web" were ready and at most 4 existed
    And 3 pods labelled "name=web" run "xiaopeng163/docker-flask-demo:2.0"
    When I fetch the node port of the service "web" 8 times
    Then every answer contains "and my hostname is"
    And every hostname in the answers is a pod labelled "name=web"
    And the answers come from at least 2 different pods

  Scenario: Scaling the replication controller up and down
    Given the pod "redis" from "db-pod.yml" is running
    And 3 pods labelled "name=web" from "web-rc.yml" are running
    When I run "kubectl scale rc web --replicas=5"
    Then 5 pods labelled "name=web" become Running
    When I run "kubectl scale rc web --replicas=2"
    Then only 2 pods labelled "name=web" are left

  Scenario: Clearing the environment leaves the namespace empty
    Given the pod "redis" from "db-pod.yml" is running
    And the service "redis" from "db-svc.yml"
    And the service "web" from "web-svc.yml"
    And 3 pods labelled "name=web" from "web-rc.yml" are running
    When I run "kubectl delete services web"
    And I run "kubectl delete services redis"
    And I run "kubectl delete rc web"
    And I run "kubectl delete pod redis"
    Then the namespace has no pods, services or replication controllers left
