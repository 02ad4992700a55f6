#!/usr/bin/env python3
"""Proves that deploy/checks/k8s_manifests.py catches broken manifests: each case copies deploy/k8s to a
temporary directory, breaks one thing there (the real files are never touched), runs the checker on the
copy (K8S_DIR; rendered by the same kustomize, K8S_KUSTOMIZE) and expects exit 1 with a telling message.
The unbroken copy must pass first. Most cases break a project policy that kustomize renders without a word;
a few break the kustomization itself, whose error kustomize reports and the checker passes on."""
import os, re, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
K8S = os.path.join(os.path.dirname(HERE), "k8s")
CHECKER = os.path.join(HERE, "k8s_manifests.py")

def sub(path, old, new):
    def f(root):
        p = os.path.join(root, path)
        s = open(p).read()
        if old not in s:
            raise SystemExit(f"selftest is stale: {old!r} not in {path}")
        open(p, "w").write(s.replace(old, new, 1))
    return f

CASES = [
    ("selector does not match template labels", sub("base/units-service.yaml", "      labels:\n        app.kubernetes.io/name: units-service", "      labels:\n        app.kubernetes.io/name: units-svc"), r"does not match template labels|selects no"),
    ("misspelt container field", sub("base/units-service.yaml", "readinessProbe:", "readinesProbe:"), r"unknown field readinesProbe"),
    ("readiness probe removed", sub("base/gateway.yaml", "readinessProbe:", "xReadinessProbe:"), r"no readinessProbe"),
    ("liveness probe on a wrong path", sub("base/targets-service.yaml", "path: /q/health/live", "path: /health"), r"livenessProbe path"),
    ("Secret neither defined nor external", sub("base/reports-service.yaml", "name: fj-quality-db-app", "name: fj-quality-db-typo"), r"neither defined nor"),
    ("Secret key that does not exist", sub("base/units-service.yaml", "key: api-key", "key: apikey"), r"has no key apikey"),
    ("undefined ConfigMap", sub("base/targets-service.yaml", "name: targets-service-config\n", "name: targets-config\n"), r"envFrom ConfigMap targets-service-config is not defined"),
    ("Service selects nothing", sub("base/gateway.yaml", "  selector:\n    app.kubernetes.io/name: gateway", "  selector:\n    app.kubernetes.io/name: gw"), r"selects no Deployment"),
    ("image of another module", sub("base/reports-service.yaml", "image: fj-quality/reports-service:1.0.0", "image: fj-quality/units-service:1.0.0"), r"is not fj-quality/reports-service"),
    ("root filesystem writable", sub("base/units-service.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"), r"readOnlyRootFilesystem"),
    ("no memory limit", sub("base/gateway.yaml", "      limits:\n            cpu: '1'\n            memory: 512Mi", "      limits:\n            cpu: '1'"), r"no resources.limits.memory"),
    ("unknown env var name", sub("base/units-service.yaml", "QUARKUS_HTTP_HOST:", "QUARKUS_HOST:"), r"env var QUARKUS_HOST is not one of"),
    ("topic replicas 2 in prod", sub("base/kafka/topics.yaml", "replicas: 3", "replicas: 2"), r"prod needs replicas 3"),
    ("min.insync.replicas equal to replication", sub("base/kafka/kafka.yaml", "min.insync.replicas: 2", "min.insync.replicas: 3"), r"min.insync.replicas 3 must be below"),
    ("PostgreSQL with 2 instances in prod", sub("overlays/prod/cluster-backup.yaml", "instances: 3", "instances: 2"), r"prod needs 3 instances"),
    ("database reports not created", sub("base/postgres/cluster.yaml", "name: reports\n", "name: report\n"), r"database reports is not created"),
    ("HPA on a missing Deployment", sub("base/hpa.yaml", "name: reports-service\n  minReplicas", "name: reports\n  minReplicas"), r"scaleTargetRef"),
    ("prod with 1 replica", sub("overlays/prod/kustomization.yaml", "count: 2", "count: 1"), r"prod needs >= 2 replicas"),
    # kustomize skips a patch whose target matches nothing; the dev rule on the Cluster notices
    ("patch target that matches nothing", sub("overlays/dev/kustomization.yaml", "name: fj-quality-db\n", "name: fj-quality-pg\n"), r"dev runs 1 instance, has 3"),
    ("YAML syntax error", sub("base/namespace.yaml", "kind: Namespace", "kind: [Namespace"), r"YAML error"),
    ("resource file missing", lambda root: os.remove(os.path.join(root, "base/hpa.yaml")), r"kustomize cannot build overlays/dev: .*hpa\.yaml"),
    ("kustomization field kustomize does not know", sub("overlays/prod/kustomization.yaml", "\nreplicas:\n", "\nreplica:\n"), r"kustomize cannot build overlays/prod: .*unknown field \"replica\""),
    ("PodMonitor scrapes an undeclared port", sub("components/monitoring/podmonitor.yaml", "  - port: http\n", "  - port: metrics\n"), r"is not port/path of"),
    ("PodMonitor selects only the services", sub("components/monitoring/podmonitor.yaml", "      - service\n      - gateway\n", "      - service\n"), r"PodMonitor fj-quality does not select gateway"),
    ("topic with 3 partitions", sub("base/kafka/topics.yaml", "partitions: 6", "partitions: 3"), r"partitions 3 \(expected 6\)"),
    ("services reachable from any pod", sub("base/kustomization.yaml", "  - network-policies.yaml\n", ""), r"no NetworkPolicy admits only the gateway"),
    ("service policy admits every pod", sub("base/network-policies.yaml", "              app.kubernetes.io/name: gateway\n              app.kubernetes.io/part-of: fj-quality\n        - namespaceSelector", "              app.kubernetes.io/part-of: fj-quality\n        - namespaceSelector"), r"no NetworkPolicy admits only the gateway"),
    ("KRaft annotation missing", sub("base/kafka/kafka.yaml", "strimzi.io/kraft: enabled", "strimzi.io/kraft: disabled"), r"not KRaft"),
]

def run(root):
    env = dict(os.environ, K8S_DIR=root)
    r = subprocess.run([sys.executable, CHECKER], capture_output=True, text=True, env=env, timeout=300)
    return r.returncode, r.stdout + r.stderr

def attempt(tmp, i, case):
    what, breaker, expect = case
    root = os.path.join(tmp, f"case{i}")
    shutil.copytree(K8S, root)
    breaker(root)
    rc, out = run(root)
    if rc == 1 and re.search(expect, out):
        return True, f"ok   caught: {what}"
    return False, f"FAIL not caught: {what} (exit {rc}, expected /{expect}/)\n{out}"


failed = 0
with tempfile.TemporaryDirectory() as tmp:
    clean = os.path.join(tmp, "clean")
    shutil.copytree(K8S, clean)
    rc, out = run(clean)
    if rc != 0:
        print("FAIL the unbroken copy does not pass:\n" + out)
        sys.exit(1)
    # each case runs the checker (and so kustomize) on its own copy: two at a time
    with ThreadPoolExecutor(max_workers=2) as pool:
        for caught, line in pool.map(lambda ic: attempt(tmp, *ic), enumerate(CASES)):
            print(line)
            failed += 0 if caught else 1
print(f"k8s_manifests_selftest: {len(CASES) - failed} broken copies caught, {failed} missed")
sys.exit(1 if failed else 0)
