import KubernetesChecks
import Testing

/// The HA checks (anti-affinity / topology spread, PodDisruptionBudgets, HPAs) and the dangling Ingress, HPA
/// and ServiceMonitor checks, on one bundle (line numbers are those of the bundle below).
struct AvailabilityTests {
    static let bundle = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: c, image: "web:1"}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: spread, namespace: shop}
        spec:
          replicas: 4
          template:
            metadata: {labels: {app: spread}}
            spec:
              topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule}]
              containers: [{name: c, image: "s:1"}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: shop}
        spec:
          replicas: 2
          template:
            metadata: {labels: {app: db}}
            spec:
              affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname}]}}
              containers: [{name: c, image: "db:1"}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: single, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: single}}
            spec: {containers: [{name: c, image: "x:1"}]}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web-pdb, namespace: shop}
        spec:
          minAvailable: 3
          selector: {matchLabels: {app: web}}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: db-pdb, namespace: shop}
        spec:
          maxUnavailable: 0%
          unhealthyPodEvictionPolicy: AlwaysAllow
          selector: {matchLabels: {app: db}}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: all-pdb, namespace: shop}
        spec:
          minAvailable: 100%
          unhealthyPodEvictionPolicy: IfHealthyBudget
          selector: {matchLabels: {app: nobody}}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web-hpa, namespace: shop}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 3
          maxReplicas: 10
        ---
        apiVersion: autoscaling/v1
        kind: HorizontalPodAutoscaler
        metadata: {name: ghost-hpa, namespace: shop}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ghost}
          maxReplicas: 5
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop, labels: {app: web, monitored: "yes"}}
        spec: {selector: {app: web}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec:
          defaultBackend: {service: {name: web, port: {number: 80}}}
          rules:
          - http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
        ---
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: old, namespace: shop}
        spec:
          backend: {serviceName: legacy, servicePort: 80}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {monitored: "yes"}}
          endpoints: [{port: http}]
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: lost, namespace: monitoring}
        spec:
          selector: {matchLabels: {monitored: "yes"}}
          endpoints: [{port: http}]
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: cross, namespace: monitoring}
        spec:
          namespaceSelector: {matchNames: [shop]}
          selector: {matchExpressions: [{key: monitored, operator: Exists}]}
          endpoints: [{port: http}]
        """

    static let result: K8sScanResult = {
        var options = Fixtures.evidenceOptions
        options.enabled = ["missing-pdb", "hpa-min-replicas", "dangling-ingress", "dangling-hpa", "dangling-servicemonitor"]
        return Fixtures.scan(bundle, options: options)
    }()

    func findings(_ check: String) -> [K8sFinding] { Self.result.findings.filter { $0.check == check } }

    @Test func newKindsAreRead() {
        #expect(Self.result.summary.unknownKinds.isEmpty)
        #expect(Self.result.errors.isEmpty)
        #expect(Self.result.summary.objects == 15)
    }

    @Test func antiAffinityOrTopologySpread() {
        // web: 3 replicas, neither; spread: topology spread; db: anti-affinity; single: 1 replica.
        let f = findings("no-anti-affinity")
        #expect(f.map(\.name) == ["web"])
        #expect(f.first?.line == 9)
        #expect(f.first?.message == "3 replicas with no podAntiAffinity and no topologySpreadConstraints")
    }

    @Test func disruptionBudgetValues() {
        #expect(findings("pdb-min-available").map(\.name).sorted() == ["all-pdb", "web-pdb"])
        #expect(findings("pdb-min-available").first { $0.name == "web-pdb" }?.message == "minAvailable 3 is not below the 3 replicas of Deployment web")
        #expect(findings("pdb-min-available").first { $0.name == "web-pdb" }?.line == 46)
        #expect(findings("pdb-max-unavailable").map(\.name) == ["db-pdb"])
        #expect(findings("pdb-max-unavailable").first?.line == 53)
        #expect(findings("pdb-unhealthy-pod-eviction-policy").map(\.name) == ["web-pdb"])
    }

    @Test func minAvailableAgainstAutoscalerMinimum() {
        // kube-linter's pdb-min-available compares with the HPA's minReplicas when an HPA targets the workload.
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: a}
            spec: {replicas: 5, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c, image: "a:1"}]}}}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: api, namespace: a}
            spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}, minReplicas: 2, maxReplicas: 9}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: api, namespace: a}
            spec: {minAvailable: 2, selector: {matchLabels: {app: api}}, unhealthyPodEvictionPolicy: AlwaysAllow}
            """
        let f = Fixtures.scan(yaml).findings.filter { $0.check == "pdb-min-available" }
        #expect(f.map(\.message) == ["minAvailable 2 is not below the 2 replicas of Deployment api"])
    }

    @Test func workloadsWithoutBudget() {
        // web and db are selected by a PDB; spread (4 replicas) is not; single has one replica.
        #expect(findings("missing-pdb").map(\.name) == ["spread"])
    }

    @Test func autoscalers() {
        #expect(findings("hpa-min-replicas").map(\.name) == ["ghost-hpa"])
        #expect(findings("hpa-min-replicas").first?.message == "minReplicas is 1 (unset) (minimum 3)")
        let dangling = findings("dangling-hpa")
        #expect(dangling.map(\.name) == ["ghost-hpa"])
        #expect(dangling.first?.line == 77)
    }

    @Test func danglingIngressBackends() {
        let f = findings("dangling-ingress")
        #expect(f.map(\.message).sorted() == ["backend service api is not in the scan", "backend service legacy is not in the scan"])
        #expect(f.first { $0.name == "web" }?.line == 94)
    }

    @Test func danglingServiceMonitors() {
        // web: Service web in shop; cross: matchNames [shop]; lost: nothing labelled in monitoring.
        let f = findings("dangling-servicemonitor")
        #expect(f.map(\.name) == ["lost"])
        #expect(f.first?.message == "selector matches no Service in monitoring")
    }

    @Test func optInChecksAreOffByDefault() {
        let plain = Fixtures.scan(Self.bundle)
        let ids = Set(plain.findings.map(\.check))
        #expect(ids.isDisjoint(with: ["missing-pdb", "hpa-min-replicas", "dangling-ingress", "dangling-hpa", "dangling-servicemonitor"]))
        #expect(ids.isSuperset(of: ["no-anti-affinity", "pdb-max-unavailable", "pdb-min-available", "pdb-unhealthy-pod-eviction-policy"]))
    }

    @Test func removedAutoscalingAndPolicyVersions() {
        let yaml = """
            apiVersion: autoscaling/v2beta2
            kind: HorizontalPodAutoscaler
            metadata: {name: h, namespace: a}
            spec: {scaleTargetRef: {kind: Deployment, name: d}, minReplicas: 3, maxReplicas: 4}
            ---
            apiVersion: policy/v1beta1
            kind: PodDisruptionBudget
            metadata: {name: p, namespace: a}
            spec: {maxUnavailable: 1, selector: {matchLabels: {app: d}}}
            """
        let f = Fixtures.scan(yaml).findings
        #expect(f.filter { $0.check == "deprecated-api" }.map(\.name) == ["h", "p"])
        // pdb-unhealthy-pod-eviction-policy concerns policy/v1 only (the field does not exist in v1beta1).
        #expect(!f.contains { $0.check == "pdb-unhealthy-pod-eviction-policy" })
    }
}
