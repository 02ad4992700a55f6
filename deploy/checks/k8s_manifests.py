#!/usr/bin/env python3
"""The project's own policies for deploy/k8s, checked on what the real kustomize renders; no cluster needed.

1. Renders deploy/k8s/overlays/{dev,prod} with kustomize (K8S_KUSTOMIZE, the command deploy/checks/k8s-static.sh
   sets up: Debian's package `kustomize`; else `kustomize` on PATH, the copy k8s-static.sh unpacked, or
   `kubectl kustomize` with kustomize v4+), and prod once more with components/monitoring added, as its
   kustomization's comment says to. A kustomization kustomize cannot build fails the check with its message.
2. Checks every rendered object: apiVersion/kind/metadata.name, namespace fj-quality for namespaced
   kinds; Deployments: selector matches the template labels, known container and probe fields only, every
   container has an image fj-quality/<module>:<tag>, ports, startup/readiness/liveness probes on
   /q/health/{started,ready,live} pointing at a declared port, requests+limits, non-root + read-only root fs +
   no privilege escalation; every configMapRef/configMapKeyRef/secretKeyRef/secret volume names an object
   defined in the overlay or listed in deploy/k8s/external-secrets.yaml (with that key); the env var names are
   those of docs/conventions.md; Services select the pods of a Deployment and target a declared port;
   NetworkPolicies admit only the gateway to the services; PDB/HPA point at existing Deployments; Strimzi
   Kafka/KafkaNodePool/KafkaTopic replication settings; CloudNativePG Cluster instances and the databases
   units/targets/reports; the PodMonitor of components/monitoring selects every Deployment on its metrics port.
3. Overlay rules: dev = 1 replica, 1 broker, 1 PostgreSQL instance, no PDB/HPA; prod = replicas >= 2,
   a PDB per Deployment, HPAs for gateway and reports-service, 3 brokers (RF 3, min ISR 2), 3 instances.
Exit 1 on any problem. `--print OVERLAY` prints the rendered YAML; `--json` both overlays (and the monitoring
component's objects) as JSON, the input of k8s-schema/validate.mjs (the schema validation).
"""
import os, re, shlex, shutil, subprocess, sys, tempfile
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K8S = os.environ.get("K8S_DIR") or os.path.join(ROOT, "deploy", "k8s")
NS = "fj-quality"
MODULES = {"units-service": 8081, "targets-service": 8082, "reports-service": 8083, "gateway": 8080}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "PersistentVolume"}
# env var names a container may get (docs/conventions.md + JVM/Quarkus extras documented in docs/operations.md)
ALLOWED_ENV = {"QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
               "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
               "SMALLRYE_JWT_SIGN_KEY_LOCATION", "ADMIN_API_KEY", "GATEWAY_SERVICES_UNITS_URL", "GATEWAY_SERVICES_TARGETS_URL",
               "GATEWAY_SERVICES_REPORTS_URL", "QUARKUS_HTTP_CORS_ORIGINS", "JAVA_OPTS",
               "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED",
               "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"}

# kustomize and the schema packages pass unknown fields through; a misspelt field is silently ignored by the API server too
CONTAINER_KEYS = {"name", "image", "imagePullPolicy", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                  "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
                  "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "securityContext",
                  "stdin", "stdinOnce", "tty"}
PROBE_KEYS = {"exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
              "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"}
MONITORING = os.path.join("components", "monitoring")


class Problem(Exception):
    pass


# ------------------------------------------------------------------ rendering (kustomize)
def load_yaml_docs(path):
    with open(path, encoding="utf-8") as f:
        try:
            return [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            raise Problem(f"{os.path.relpath(path, ROOT)}: YAML error: {e}")


def kustomize_command():
    """The command that renders a kustomization directory given as its last argument."""
    given = os.environ.get("K8S_KUSTOMIZE")
    if given:
        return shlex.split(given)
    if shutil.which("kustomize"):
        return [shutil.which("kustomize"), "build"]
    tools = os.environ.get("FJQ_TOOLS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                                                         "fj-quality", "tools")
    unpacked = os.path.join(tools, "kustomize", "usr", "bin", "kustomize")
    if os.access(unpacked, os.X_OK):
        return [unpacked, "build"]
    kubectl = shutil.which("kubectl")
    if kubectl:
        r = subprocess.run([kubectl, "version", "--client"], capture_output=True, text=True, timeout=60)
        if re.search(r"Kustomize Version: v[4-9]", r.stdout):
            return [kubectl, "kustomize"]
    raise Problem("no kustomize: run deploy/checks/k8s-static.sh (it installs Debian's package kustomize), "
                  "or set K8S_KUSTOMIZE to a command such as 'kustomize build'")


def render(directory, what):
    """The objects kustomize renders from DIRECTORY (a kustomization); WHAT names it in messages."""
    cmd = kustomize_command() + [directory]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise Problem(f"kustomize cannot build {what}: {r.stderr.strip() or r.stdout.strip()}")
    try:
        return [d for d in yaml.safe_load_all(r.stdout) if d is not None]
    except yaml.YAMLError as e:
        raise Problem(f"{what}: kustomize printed YAML that does not parse: {e}")


def render_overlay(overlay):
    return render(os.path.join(K8S, "overlays", overlay), f"overlays/{overlay}")


def render_prod_with_monitoring():
    """overlays/prod with `components: [../../components/monitoring]` added, on a copy of deploy/k8s."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "k8s")
        shutil.copytree(K8S, copy)
        kfile = os.path.join(copy, "overlays", "prod", "kustomization.yaml")
        k = load_yaml_docs(kfile)[0]
        k["components"] = list(k.get("components") or []) + ["../../components/monitoring"]
        with open(kfile, "w", encoding="utf-8") as f:
            yaml.safe_dump(k, f, sort_keys=False)
        return render(os.path.join(copy, "overlays", "prod"), "overlays/prod with components/monitoring")


ORIGIN = {}


def index_origins():
    """(kind, name) -> the file under deploy/k8s that defines it, for the messages."""
    for d, _, files in os.walk(K8S):
        for f in sorted(files):
            if f.endswith((".yaml", ".yml")):
                try:
                    docs = load_yaml_docs(os.path.join(d, f))
                except Problem:
                    continue
                for doc in docs:
                    if isinstance(doc, dict) and isinstance(doc.get("metadata"), dict) and doc.get("kind") != "Kustomization":
                        ORIGIN.setdefault((doc.get("kind"), doc["metadata"].get("name")),
                                          os.path.relpath(os.path.join(d, f), ROOT))


def origin(o):
    return ORIGIN.get((o.get("kind"), o.get("metadata", {}).get("name")), "?")


# ------------------------------------------------------------------ checks
def check(overlay, objs, external):
    errs = []
    def err(o, msg):
        errs.append(f"[{overlay}] {origin(o)}: {o.get('kind')}/{o.get('metadata', {}).get('name')}: {msg}")
    by_kind = {}
    for o in objs:
        for f in ("apiVersion", "kind"):
            if not o.get(f):
                err(o, f"no {f}")
        if not o.get("metadata", {}).get("name"):
            err(o, "no metadata.name")
        if o.get("kind") not in CLUSTER_SCOPED and o.get("metadata", {}).get("namespace") != NS:
            err(o, f"namespace is {o.get('metadata', {}).get('namespace')!r}, not {NS}")
        by_kind.setdefault(o.get("kind"), {})[o["metadata"].get("name")] = o
    names = {(k, n) for k, v in by_kind.items() for n in v}
    if len(names) != len(objs):
        errs.append(f"[{overlay}] duplicate kind/name")
    configmaps = by_kind.get("ConfigMap", {})
    secrets = {n: set((o.get("data") or {}) | (o.get("stringData") or {})) for n, o in by_kind.get("Secret", {}).items()}
    for e in external:
        if overlay in e.get("overlays", [overlay]):
            secrets.setdefault(e["name"], set()).update(e["keys"])
    deployments = by_kind.get("Deployment", {})

    for name, d in deployments.items():
        spec = d.get("spec", {})
        sel = spec.get("selector", {}).get("matchLabels", {})
        tl = spec.get("template", {}).get("metadata", {}).get("labels", {})
        if not sel:
            err(d, "no selector.matchLabels")
        if any(tl.get(k) != v for k, v in sel.items()):
            err(d, f"selector {sel} does not match template labels {tl}")
        ps = spec.get("template", {}).get("spec", {})
        psc = ps.get("securityContext", {})
        if not psc.get("runAsNonRoot"):
            err(d, "pod securityContext.runAsNonRoot is not true")
        if psc.get("runAsUser") == 0:
            err(d, "runs as uid 0")
        volumes = {v["name"]: v for v in ps.get("volumes", [])}
        containers = ps.get("containers", [])
        if not containers:
            err(d, "no containers")
        for c in containers:
            where = f"container {c.get('name')}"
            for key in sorted(set(c) - CONTAINER_KEYS):
                err(d, f"{where}: unknown field {key}")
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                for key in sorted(set(c.get(probe) or {}) - PROBE_KEYS):
                    err(d, f"{where}: {probe}: unknown field {key}")
            img = c.get("image", "")
            if not re.fullmatch(r"(.+/)?fj-quality/" + re.escape(name) + r":[\w.\-]+", img):
                err(d, f"{where}: image {img!r} is not fj-quality/{name}:<tag>")
            ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
            if not ports:
                err(d, f"{where}: no ports")
            if name in MODULES and MODULES[name] not in ports.values():
                err(d, f"{where}: does not expose port {MODULES[name]}")
            for probe, path in (("startupProbe", "/q/health/started"), ("readinessProbe", "/q/health/ready"), ("livenessProbe", "/q/health/live")):
                pr = c.get(probe)
                if not pr:
                    err(d, f"{where}: no {probe}")
                    continue
                hg = pr.get("httpGet", {})
                if hg.get("path") != path:
                    err(d, f"{where}: {probe} path {hg.get('path')} is not {path}")
                if hg.get("port") not in ports and hg.get("port") not in ports.values():
                    err(d, f"{where}: {probe} port {hg.get('port')} is not declared")
            res = c.get("resources", {})
            for part in ("requests", "limits"):
                for r in ("cpu", "memory") if part == "requests" else ("memory",):
                    if r not in res.get(part, {}):
                        err(d, f"{where}: no resources.{part}.{r}")
            sc = c.get("securityContext", {})
            if sc.get("readOnlyRootFilesystem") is not True:
                err(d, f"{where}: readOnlyRootFilesystem is not true")
            if sc.get("allowPrivilegeEscalation") is not False:
                err(d, f"{where}: allowPrivilegeEscalation is not false")
            if "ALL" not in sc.get("capabilities", {}).get("drop", []):
                err(d, f"{where}: capabilities are not dropped")
            if not any(m.get("mountPath") == "/tmp" for m in c.get("volumeMounts", [])):
                err(d, f"{where}: no writable /tmp (read-only root fs)")
            for m in c.get("volumeMounts", []):
                if m.get("name") not in volumes:
                    err(d, f"{where}: volumeMount {m.get('name')} has no volume")
            env_names = set()
            for ef in c.get("envFrom", []):
                if "configMapRef" in ef:
                    cm = configmaps.get(ef["configMapRef"]["name"])
                    if cm is None:
                        err(d, f"{where}: envFrom ConfigMap {ef['configMapRef']['name']} is not defined")
                    else:
                        env_names |= set(cm.get("data", {}))
                if "secretRef" in ef and ef["secretRef"]["name"] not in secrets:
                    err(d, f"{where}: envFrom Secret {ef['secretRef']['name']} is neither defined nor external")
            for e in c.get("env", []):
                env_names.add(e["name"])
                vf = e.get("valueFrom", {})
                if "secretKeyRef" in vf:
                    ref = vf["secretKeyRef"]
                    if ref["name"] not in secrets:
                        err(d, f"{where}: env {e['name']}: Secret {ref['name']} is neither defined nor in external-secrets.yaml")
                    elif ref["key"] not in secrets[ref["name"]]:
                        err(d, f"{where}: env {e['name']}: Secret {ref['name']} has no key {ref['key']}")
                if "configMapKeyRef" in vf:
                    ref = vf["configMapKeyRef"]
                    if ref["name"] not in configmaps or ref["key"] not in configmaps[ref["name"]].get("data", {}):
                        err(d, f"{where}: env {e['name']}: ConfigMap key {ref['name']}/{ref['key']} is not defined")
            for n in sorted(env_names - ALLOWED_ENV):
                err(d, f"{where}: env var {n} is not one of docs/conventions.md")
            needed = {"QUARKUS_HTTP_PORT"}
            if name != "gateway":
                needed |= {"QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                           "KAFKA_BOOTSTRAP_SERVERS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION"}
            else:
                needed |= {"SMALLRYE_JWT_SIGN_KEY_LOCATION", "GATEWAY_SERVICES_UNITS_URL", "GATEWAY_SERVICES_TARGETS_URL", "GATEWAY_SERVICES_REPORTS_URL"}
            for n in sorted(needed - env_names):
                err(d, f"{where}: env var {n} is missing")
            cm_data = {}
            for ef in c.get("envFrom", []):
                cm_data.update(configmaps.get(ef.get("configMapRef", {}).get("name"), {}).get("data", {}))
            if cm_data.get("QUARKUS_HTTP_PORT") and int(cm_data["QUARKUS_HTTP_PORT"]) not in ports.values():
                err(d, f"{where}: QUARKUS_HTTP_PORT {cm_data['QUARKUS_HTTP_PORT']} is not a container port")
            for key in ("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "SMALLRYE_JWT_SIGN_KEY_LOCATION"):
                if key in cm_data:
                    path = cm_data[key]
                    ok = False
                    for m in c.get("volumeMounts", []):
                        if path.startswith(m["mountPath"].rstrip("/") + "/"):
                            v = volumes.get(m["name"], {})
                            fname = path[len(m["mountPath"].rstrip("/")) + 1:]
                            items = v.get("secret", {}).get("items")
                            ok = fname in [i["path"] for i in items] if items else True
                    if not ok:
                        err(d, f"{where}: {key}={path} is not a mounted file")
        for v in volumes.values():
            if "secret" in v:
                sn = v["secret"]["secretName"]
                if sn not in secrets:
                    err(d, f"volume {v['name']}: Secret {sn} is neither defined nor in external-secrets.yaml")
                else:
                    for i in v["secret"].get("items", []):
                        if i["key"] not in secrets[sn]:
                            err(d, f"volume {v['name']}: Secret {sn} has no key {i['key']}")
            if "configMap" in v and v["configMap"]["name"] not in configmaps:
                err(d, f"volume {v['name']}: ConfigMap {v['configMap']['name']} is not defined")

    def selects(selector, what):
        return [n for n, d in deployments.items()
                if selector and all(d["spec"]["template"]["metadata"].get("labels", {}).get(k) == v for k, v in selector.items())]
    for name, s in by_kind.get("Service", {}).items():
        hit = selects(s.get("spec", {}).get("selector", {}), "Service")
        if len(hit) != 1:
            err(s, f"selects {hit or 'no'} Deployment(s), expected exactly one")
            continue
        c = deployments[hit[0]]["spec"]["template"]["spec"]["containers"][0]
        cports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
        for p in s["spec"].get("ports", []):
            tp = p.get("targetPort", p.get("port"))
            if tp not in cports and tp not in cports.values():
                err(s, f"targetPort {tp} is not a port of {hit[0]}")
        if name in MODULES and not any(p.get("port") == MODULES[name] for p in s["spec"].get("ports", [])):
            err(s, f"does not listen on {MODULES[name]} (the gateway's GATEWAY_SERVICES_*_URL use it)")
    for name, p in by_kind.get("PodDisruptionBudget", {}).items():
        if len(selects(p.get("spec", {}).get("selector", {}).get("matchLabels", {}), "PDB")) != 1:
            err(p, "does not select exactly one Deployment")
        if not ({"minAvailable", "maxUnavailable"} & set(p.get("spec", {}))):
            err(p, "neither minAvailable nor maxUnavailable")
    for name, h in by_kind.get("HorizontalPodAutoscaler", {}).items():
        ref = h.get("spec", {}).get("scaleTargetRef", {})
        if ref.get("kind") != "Deployment" or ref.get("name") not in deployments:
            err(h, f"scaleTargetRef {ref} is not a Deployment of the overlay")
        if h["spec"].get("minReplicas", 1) > h["spec"].get("maxReplicas", 0):
            err(h, "minReplicas > maxReplicas")

    # only the gateway (and Prometheus) reach the services: a NetworkPolicy selects every service's pods and admits
    # nothing else; the gateway's pods are not under it
    policies = by_kind.get("NetworkPolicy", {})
    gateway_peer = {"app.kubernetes.io/name": "gateway", "app.kubernetes.io/part-of": "fj-quality"}

    def admits_only_gateway(pol):
        rules = pol.get("spec", {}).get("ingress", [])
        peers = [peer for rule in rules for peer in rule.get("from", [])]
        return ("Ingress" in pol.get("spec", {}).get("policyTypes", []) and rules and all(rule.get("from") for rule in rules)
                and all(peer.get("podSelector", {}).get("matchLabels") == gateway_peer and "namespaceSelector" not in peer
                        or set(peer) == {"namespaceSelector"} for peer in peers))

    for name, d in deployments.items():
        labels = d["spec"]["template"]["metadata"].get("labels", {})
        selecting = [p for p in policies.values()
                     if all(labels.get(k) == v for k, v in p.get("spec", {}).get("podSelector", {}).get("matchLabels", {}).items())]
        if name in MODULES and name != "gateway":
            if not any(admits_only_gateway(p) for p in selecting):
                err(d, "no NetworkPolicy admits only the gateway (and the monitoring namespace) to its pods")
        if name == "gateway" and any(admits_only_gateway(p) for p in selecting):
            err(d, "the gateway's pods are under a gateway-only NetworkPolicy: nothing could reach it")

    # the gateway's service URLs point at Services of the overlay
    for cm in configmaps.values():
        for k, v in cm.get("data", {}).items():
            m = re.fullmatch(r"http://([\w-]+):(\d+)", str(v)) if k.startswith("GATEWAY_SERVICES_") else None
            if k.startswith("GATEWAY_SERVICES_") and (not m or m.group(1) not in by_kind.get("Service", {})):
                err(cm, f"{k}={v} is not a Service of the overlay")

    # Strimzi
    kafkas = by_kind.get("Kafka", {})
    pools = by_kind.get("KafkaNodePool", {})
    if len(kafkas) != 1:
        errs.append(f"[{overlay}] expected one Strimzi Kafka, found {len(kafkas)}")
    brokers = 0
    for k in kafkas.values():
        ann = k["metadata"].get("annotations", {})
        if ann.get("strimzi.io/kraft") != "enabled" or ann.get("strimzi.io/node-pools") != "enabled":
            err(k, "not KRaft with node pools (annotations strimzi.io/kraft, strimzi.io/node-pools)")
        if "zookeeper" in k["spec"]:
            err(k, "has a zookeeper section (KRaft only)")
        if not k["spec"].get("kafka", {}).get("listeners"):
            err(k, "no listeners")
        myp = [p for p in pools.values() if p["metadata"].get("labels", {}).get("strimzi.io/cluster") == k["metadata"]["name"]]
        if not myp:
            err(k, "no KafkaNodePool labelled strimzi.io/cluster for it")
        roles = {r for p in myp for r in p["spec"].get("roles", [])}
        if roles != {"controller", "broker"}:
            err(k, f"node pools give roles {sorted(roles)}, need controller and broker")
        brokers = sum(p["spec"].get("replicas", 0) for p in myp if "broker" in p["spec"].get("roles", []))
        cfg = k["spec"]["kafka"].get("config", {})
        rf, isr = int(cfg.get("default.replication.factor", 1)), int(cfg.get("min.insync.replicas", 1))
        if rf > brokers:
            err(k, f"default.replication.factor {rf} > {brokers} brokers")
        if isr >= rf and rf > 1:
            err(k, f"min.insync.replicas {isr} must be below default.replication.factor {rf}")
        if int(cfg.get("offsets.topic.replication.factor", 3)) > brokers:
            err(k, "offsets.topic.replication.factor > brokers")
        if overlay == "prod" and (brokers != 3 or rf != 3 or isr != 2):
            err(k, f"prod needs 3 brokers, default.replication.factor 3, min.insync.replicas 2 (has {brokers}, {rf}, {isr})")
        if overlay == "dev" and brokers != 1:
            err(k, f"dev runs 1 broker, not {brokers}")
    topics = {t["spec"].get("topicName", n): t for n, t in by_kind.get("KafkaTopic", {}).items()}
    for t in ("units.v1", "targets.v1", "measurements.v1", "progress.v1", "units.v1.dlq", "targets.v1.dlq", "measurements.v1.dlq"):
        if t not in topics:
            errs.append(f"[{overlay}] no KafkaTopic {t}")
    for tn, t in topics.items():
        if t["metadata"].get("labels", {}).get("strimzi.io/cluster") not in kafkas:
            err(t, "label strimzi.io/cluster does not name the Kafka")
        reps, tisr = t["spec"].get("replicas", 0), int(t["spec"].get("config", {}).get("min.insync.replicas", 1))
        if t["spec"].get("partitions") != 6:
            err(t, f"partitions {t['spec'].get('partitions')} (expected 6)")
        if reps > brokers:
            err(t, f"replicas {reps} > {brokers} brokers")
        if overlay == "prod" and (reps != 3 or tisr != 2):
            err(t, f"prod needs replicas 3, min.insync.replicas 2 (has {reps}, {tisr})")
        if tisr > reps:
            err(t, f"min.insync.replicas {tisr} > replicas {reps}")
    # the services' bootstrap servers name the Kafka's bootstrap Service
    for cm in configmaps.values():
        bs = cm.get("data", {}).get("KAFKA_BOOTSTRAP_SERVERS")
        if bs and not any(bs.startswith(f"{k}-kafka-bootstrap:") for k in kafkas):
            err(cm, f"KAFKA_BOOTSTRAP_SERVERS {bs} is not <kafka>-kafka-bootstrap:<port>")

    # CloudNativePG
    clusters = by_kind.get("Cluster", {})
    if len(clusters) != 1:
        errs.append(f"[{overlay}] expected one CloudNativePG Cluster, found {len(clusters)}")
    for cname, c in clusters.items():
        inst = c["spec"].get("instances")
        if overlay == "prod" and inst != 3:
            err(c, f"prod needs 3 instances, has {inst}")
        if overlay == "dev" and inst != 1:
            err(c, f"dev runs 1 instance, has {inst}")
        init = c["spec"].get("bootstrap", {}).get("initdb", {})
        dbs = {init.get("database")} | {d["spec"]["name"] for d in by_kind.get("Database", {}).values()
                                       if d["spec"].get("cluster", {}).get("name") == cname}
        sql = " ".join(init.get("postInitApplicationSQL", []) + init.get("postInitSQL", []))
        dbs |= set(re.findall(r"create database (\w+)", sql, re.I))
        for want in ("units", "targets", "reports"):
            if want not in dbs:
                err(c, f"database {want} is not created (initdb / Database / postInitSQL)")
        owner = init.get("owner", "app")
        app_secret = f"{cname}-app"
        if app_secret not in secrets:
            err(c, f"{app_secret} (generated by CloudNativePG) is not listed in external-secrets.yaml")
        for cm in configmaps.values():
            url = cm.get("data", {}).get("QUARKUS_DATASOURCE_JDBC_URL")
            if url:
                m = re.fullmatch(r"jdbc:postgresql://([\w-]+):5432/(\w+)", url)
                if not m or m.group(1) != f"{cname}-rw" or m.group(2) not in dbs:
                    err(cm, f"QUARKUS_DATASOURCE_JDBC_URL {url} is not {cname}-rw:5432/<a database of the cluster>")
        for d in by_kind.get("Database", {}).values():
            if d["spec"].get("owner") != owner:
                err(d, f"owner {d['spec'].get('owner')} is not the app user {owner}")
        for ref in re.findall(r"'name': '([\w-]+)'", str(c["spec"].get("backup", {}))):
            if ref not in secrets:
                err(c, f"backup credentials Secret {ref} is neither defined nor external")
    for b in by_kind.get("ScheduledBackup", {}).values():
        if b["spec"].get("cluster", {}).get("name") not in clusters:
            err(b, "cluster is not defined")

    # overlay rules
    for name in MODULES:
        if name not in deployments:
            errs.append(f"[{overlay}] no Deployment {name}")
        if name not in by_kind.get("Service", {}):
            errs.append(f"[{overlay}] no Service {name}")
    pdb_targets = {n for p in by_kind.get("PodDisruptionBudget", {}).values() for n in selects(p["spec"]["selector"].get("matchLabels", {}), "")}
    hpa_targets = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind.get("HorizontalPodAutoscaler", {}).values()}
    for name, d in deployments.items():
        reps = d["spec"].get("replicas", 1)
        if overlay == "prod":
            if reps < 2:
                err(d, f"prod needs >= 2 replicas, has {reps}")
            if name not in pdb_targets:
                err(d, "prod: no PodDisruptionBudget")
        if overlay == "dev" and reps != 1:
            err(d, f"dev runs 1 replica, has {reps}")
    if overlay == "prod" and not {"gateway", "reports-service"} <= hpa_targets:
        errs.append(f"[prod] HPAs for gateway and reports-service expected, found {sorted(hpa_targets)}")
    if overlay == "dev" and (pdb_targets or hpa_targets):
        errs.append("[dev] PDBs/HPAs are not expected with 1 replica")
    if "Namespace" not in by_kind or NS not in by_kind["Namespace"]:
        errs.append(f"[{overlay}] no Namespace {NS}")
    return errs, by_kind


def check_monitoring_component(objs):
    """prod with the optional PodMonitor component: the PodMonitor selects every Deployment's pods, on a declared port."""
    errs = []
    monitors = [o for o in objs if o.get("kind") == "PodMonitor"]
    if not monitors:
        errs.append("[prod+monitoring] components/monitoring adds no PodMonitor")
    for pm in monitors:
        if pm["metadata"].get("namespace") != NS:
            errs.append(f"[prod+monitoring] PodMonitor {pm['metadata']['name']}: namespace is {pm['metadata'].get('namespace')!r}, not {NS}")
        sel = pm["spec"]["selector"].get("matchLabels", {})
        exprs = pm["spec"]["selector"].get("matchExpressions", [])
        for o in objs:
            if o["kind"] != "Deployment":
                continue
            tl = o["spec"]["template"]["metadata"]["labels"]
            ok = all(tl.get(k) == v for k, v in sel.items()) and all(
                (tl.get(e["key"]) in e["values"]) == (e["operator"] == "In") for e in exprs)
            ports = {p.get("name") for c in o["spec"]["template"]["spec"]["containers"] for p in c.get("ports", [])}
            if not ok:
                errs.append(f"components/monitoring: PodMonitor {pm['metadata']['name']} does not select {o['metadata']['name']}")
            for ep in pm["spec"].get("podMetricsEndpoints", []):
                if ep.get("port") not in ports or ep.get("path") != "/q/metrics":
                    errs.append(f"components/monitoring: endpoint {ep} is not port/path of {o['metadata']['name']}")
    return errs


def main(argv):
    has_monitoring = os.path.isdir(os.path.join(K8S, MONITORING))
    try:
        if len(argv) > 1 and argv[1] == "--json":
            import json
            out = {o: render_overlay(o) for o in ("dev", "prod")}
            if has_monitoring:
                out["components/monitoring"] = [o for o in render_prod_with_monitoring() if o.get("kind") == "PodMonitor"]
            print(json.dumps(out))
            return 0
        if len(argv) > 2 and argv[1] == "--print":
            print(yaml.safe_dump_all(render_overlay(argv[2]), sort_keys=False))
            return 0
    except Problem as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    failures = []
    # every YAML file under deploy/k8s parses (kustomize reads only the ones a kustomization names)
    nfiles = 0
    for d, _, files in os.walk(K8S):
        for f in files:
            if f.endswith((".yaml", ".yml")):
                nfiles += 1
                try:
                    load_yaml_docs(os.path.join(d, f))
                except Problem as e:
                    failures.append(str(e))
    index_origins()
    try:
        external = yaml.safe_load(open(os.path.join(K8S, "external-secrets.yaml")))["externalSecrets"]
        how = " ".join(kustomize_command())
    except (Problem, OSError, yaml.YAMLError, KeyError, TypeError) as e:
        failures.append(str(e))
        external, how = None, None
    for overlay in ("dev", "prod") if external is not None else ():
        try:
            objs = render_overlay(overlay)
            errs, by_kind = check(overlay, objs, external)
            failures += errs
            if not errs:
                counts = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items()))
                print(f"ok   overlays/{overlay}: {len(objs)} objects ({counts}); rendered by `{how}`")
        except Problem as e:
            failures.append(f"[{overlay}] {e}")
        except Exception as e:  # a malformed manifest: report, do not crash
            failures.append(f"[{overlay}] {type(e).__name__}: {e}")
    if has_monitoring and external is not None:
        try:
            errs = check_monitoring_component(render_prod_with_monitoring())
            failures += errs
            if not errs:
                print("ok   overlays/prod with components/monitoring: the PodMonitor selects every Deployment on /q/metrics")
        except Problem as e:
            failures.append(f"[prod+monitoring] {e}")
        except Exception as e:
            failures.append(f"[prod+monitoring] {type(e).__name__}: {e}")
    for f in failures:
        print("FAIL " + f)
    if failures:
        print(f"k8s_manifests: FAILED ({len(failures)} problems)")
        return 1
    print(f"k8s_manifests: all checks passed ({nfiles} YAML files)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
