#!/usr/bin/env python3
"""Validate deploy/k8s without a cluster and without downloading anything.

1. Renders deploy/k8s/overlays/{dev,prod} with its own small Kustomize implementation (resources,
   components, namespace, labels, replicas, images, patches: strategic-merge incl. `$patch: delete`,
   and JSON 6902, with targets by kind/name/labelSelector). When `kubectl` is on PATH, the result is
   compared with `kubectl kustomize` (both must agree object for object).
2. Checks every rendered object: apiVersion/kind/metadata.name, namespace fj-quality for namespaced
   kinds; Deployments: selector matches the template labels, every container has an image
   fj-quality/<module>:<tag>, ports, startup/readiness/liveness probes on /q/health/{started,ready,live}
   pointing at a declared port, requests+limits, non-root + read-only root fs + no privilege escalation;
   every configMapRef/configMapKeyRef/secretKeyRef/secret volume names an object defined in the overlay
   or listed in deploy/k8s/external-secrets.yaml (with that key); the env var names are those of
   docs/conventions.md; Services select the pods of a Deployment and target a declared port;
   PDB/HPA point at existing Deployments; Strimzi Kafka/KafkaNodePool/KafkaTopic replication settings;
   CloudNativePG Cluster instances and the databases units/targets/reports.
3. Overlay rules: dev = 1 replica, 1 broker, 1 PostgreSQL instance, no PDB/HPA; prod = replicas >= 2,
   a PDB per Deployment, HPAs for gateway and reports-service, 3 brokers (RF 3, min ISR 2), 3 instances.
Exit 1 on any problem. `--print OVERLAY` prints the rendered YAML; `--json` both overlays as JSON
(input of k8s-schema/validate.mjs, the schema validation).
"""
import copy, os, re, shutil, subprocess, sys
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

# the schema packages do not reject unknown fields; a misspelt field is silently ignored by the API server too
CONTAINER_KEYS = {"name", "image", "imagePullPolicy", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                  "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
                  "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "securityContext",
                  "stdin", "stdinOnce", "tty"}
PROBE_KEYS = {"exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
              "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"}


class Problem(Exception):
    pass


# ------------------------------------------------------------------ rendering
def load_yaml_docs(path):
    with open(path, encoding="utf-8") as f:
        try:
            return [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            raise Problem(f"{os.path.relpath(path, ROOT)}: YAML error: {e}")


def kustomization_file(d):
    for n in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
        if os.path.isfile(os.path.join(d, n)):
            return os.path.join(d, n)
    raise Problem(f"{os.path.relpath(d, ROOT)}: no kustomization.yaml")


def deep_merge(base, patch):
    """Strategic merge, simplified: maps merge, lists of maps with `name` merge by name, other lists replace,
    None deletes a key."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            if v is None:
                out.pop(k, None)
            elif k in out:
                out[k] = deep_merge(out[k], v)
            else:
                out[k] = copy.deepcopy(v)
        return out
    if isinstance(base, list) and isinstance(patch, list) and all(isinstance(x, dict) and "name" in x for x in base + patch) and base:
        out = [copy.deepcopy(x) for x in base]
        for p in patch:
            for i, b in enumerate(out):
                if b["name"] == p["name"]:
                    out[i] = deep_merge(b, p)
                    break
            else:
                out.append(copy.deepcopy(p))
        return out
    return copy.deepcopy(patch)


def json_pointer(path):
    return [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")] if path != "/" else []


def json6902(obj, ops, where):
    obj = copy.deepcopy(obj)
    for op in ops:
        parts = json_pointer(op["path"])
        parent = obj
        for p in parts[:-1]:
            try:
                parent = parent[int(p)] if isinstance(parent, list) else parent[p]
            except (KeyError, IndexError, ValueError):
                raise Problem(f"{where}: path {op['path']} does not exist in {obj['kind']}/{obj['metadata']['name']}")
        last = parts[-1]
        if isinstance(parent, list):
            idx = len(parent) if last == "-" else int(last)
        kind = op["op"]
        if kind in ("replace", "remove") and (idx >= len(parent) if isinstance(parent, list) else last not in parent):
            raise Problem(f"{where}: {kind} {op['path']}: no such element in {obj['kind']}/{obj['metadata']['name']}")
        if kind == "add":
            parent.insert(idx, op["value"]) if isinstance(parent, list) else parent.__setitem__(last, op["value"])
        elif kind == "replace":
            parent[idx if isinstance(parent, list) else last] = op["value"]
        elif kind == "remove":
            del parent[idx if isinstance(parent, list) else last]
        else:
            raise Problem(f"{where}: unsupported op {kind}")
    return obj


def matches(obj, target):
    if not target:
        return True
    if "kind" in target and obj["kind"] != target["kind"]:
        return False
    if "name" in target and not re.fullmatch(target["name"], obj["metadata"]["name"]):
        return False
    if "namespace" in target and obj["metadata"].get("namespace") != target["namespace"]:
        return False
    if "labelSelector" in target:
        lbl = obj["metadata"].get("labels", {})
        for term in target["labelSelector"].split(","):
            k, _, v = term.partition("=")
            if lbl.get(k.strip()) != v.strip():
                return False
    return True


def render(d, is_component=False, seen=()):
    kfile = kustomization_file(d)
    if kfile in seen:
        raise Problem(f"{kfile}: cycle")
    k = load_yaml_docs(kfile)[0]
    rel = os.path.relpath(kfile, ROOT)
    if is_component != (k.get("kind") == "Component"):
        raise Problem(f"{rel}: kind {k.get('kind')} used as {'component' if is_component else 'kustomization'}")
    known = {"apiVersion", "kind", "namespace", "resources", "components", "patches", "labels", "replicas", "images"}
    for key in set(k) - known:
        raise Problem(f"{rel}: field {key} is not supported by this checker (supported: {sorted(known)})")
    objs = []
    for r in k.get("resources", []):
        p = os.path.normpath(os.path.join(d, r))
        if os.path.isdir(p):
            objs += render(p, False, seen + (kfile,))
        elif os.path.isfile(p):
            for doc in load_yaml_docs(p):
                doc.setdefault("metadata", {})
                doc["__file"] = os.path.relpath(p, ROOT)
                objs.append(doc)
        else:
            raise Problem(f"{rel}: resource {r} does not exist")
    for c in k.get("components", []):
        # a component's resources join; its patches apply to everything so far
        objs = apply_kustomization(objs + render_component_resources(os.path.normpath(os.path.join(d, c)), seen + (kfile,)),
                                   load_yaml_docs(kustomization_file(os.path.normpath(os.path.join(d, c))))[0],
                                   os.path.normpath(os.path.join(d, c)))
    return apply_kustomization(objs, k, d)


def render_component_resources(d, seen):
    k = load_yaml_docs(kustomization_file(d))[0]
    if k.get("kind") != "Component":
        raise Problem(f"{os.path.relpath(d, ROOT)}: not a Component")
    objs = []
    for r in k.get("resources", []):
        for doc in load_yaml_docs(os.path.join(d, r)):
            doc["__file"] = os.path.relpath(os.path.join(d, r), ROOT)
            objs.append(doc)
    return objs


def apply_kustomization(objs, k, d):
    rel = os.path.relpath(d, ROOT)
    # patches
    for i, p in enumerate(k.get("patches", [])):
        where = f"{rel} patches[{i}]"
        if "path" in p:
            docs = load_yaml_docs(os.path.join(d, p["path"]))
            body = docs[0] if len(docs) == 1 else docs
        else:
            body = yaml.safe_load(p["patch"])
        target = p.get("target")
        if isinstance(body, list):  # JSON 6902
            if not target:
                raise Problem(f"{where}: a JSON 6902 patch needs a target")
            hit = [o for o in objs if matches(o, target)]
            if not hit:
                raise Problem(f"{where}: target {target} matches nothing")
            objs = [json6902(o, body, where) if matches(o, target) else o for o in objs]
            continue
        delete = body.pop("$patch", None) == "delete"
        if not target:
            target = {"kind": body["kind"], "name": re.escape(body["metadata"]["name"])}
        hit = [o for o in objs if matches(o, target)]
        if not hit:
            raise Problem(f"{where}: target {target} matches nothing")
        if delete:
            objs = [o for o in objs if not matches(o, target)]
        else:
            b = {kk: vv for kk, vv in body.items() if kk not in ("apiVersion", "kind")}
            b["metadata"] = {kk: vv for kk, vv in b.get("metadata", {}).items() if kk not in ("name", "namespace")}
            if not b["metadata"]:
                del b["metadata"]
            objs = [deep_merge(o, b) if matches(o, target) else o for o in objs]
    # replicas
    for r in k.get("replicas", []):
        hit = [o for o in objs if o["kind"] in ("Deployment", "StatefulSet") and o["metadata"]["name"] == r["name"]]
        if not hit:
            raise Problem(f"{rel}: replicas: no Deployment {r['name']}")
        for o in hit:
            o["spec"]["replicas"] = r["count"]
    # images
    for im in k.get("images", []):
        found = False
        for o in objs:
            for c in pod_spec(o).get("containers", []) if pod_spec(o) else []:
                name, _, tag = c["image"].partition(":")
                if name == im["name"]:
                    found = True
                    c["image"] = im.get("newName", name) + ":" + im.get("newTag", tag)
        if not found:
            raise Problem(f"{rel}: images: no container uses {im['name']}")
    # labels
    for lb in k.get("labels", []):
        for o in objs:
            o["metadata"].setdefault("labels", {}).update(lb["pairs"])
            if lb.get("includeTemplates") and pod_template(o) is not None:
                pod_template(o).setdefault("metadata", {}).setdefault("labels", {}).update(lb["pairs"])
            if lb.get("includeSelectors"):
                raise Problem(f"{rel}: labels with includeSelectors are not supported by this checker")
    # namespace
    if "namespace" in k:
        for o in objs:
            if o["kind"] not in CLUSTER_SCOPED:
                o["metadata"]["namespace"] = k["namespace"]
    return objs


def pod_template(o):
    if o.get("kind") in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
        return o.get("spec", {}).get("template")
    return None


def pod_spec(o):
    t = pod_template(o)
    return t.get("spec") if t else None


def strip(o):
    return {k: v for k, v in o.items() if k != "__file"}


def compare_with_kubectl(overlay, objs):
    kubectl = shutil.which("kubectl")
    if os.environ.get("K8S_COMPARE_KUBECTL") == "0":
        return "kubectl comparison off (K8S_COMPARE_KUBECTL=0)"
    if not kubectl:
        return "kubectl not found: the own renderer only"
    r = subprocess.run([kubectl, "kustomize", os.path.join(K8S, "overlays", overlay)], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise Problem(f"kubectl kustomize overlays/{overlay} failed: {r.stderr.strip()}")
    theirs = {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(r.stdout) if d}
    ours = {(o["kind"], o["metadata"]["name"]): strip(o) for o in objs}
    if set(theirs) != set(ours):
        raise Problem(f"overlays/{overlay}: kubectl kustomize renders {sorted(set(theirs) ^ set(ours))} differently")
    for key in ours:
        if ours[key] != theirs[key]:
            raise Problem(f"overlays/{overlay}: {key[0]}/{key[1]} differs from kubectl kustomize")
    return "identical to `kubectl kustomize` (" + subprocess.run([kubectl, "version", "--client"], capture_output=True, text=True).stdout.split("\n")[1].strip() + ")"


# ------------------------------------------------------------------ checks
def check(overlay, objs, external):
    errs = []
    def err(o, msg):
        errs.append(f"[{overlay}] {o.get('__file', '?')}: {o.get('kind')}/{o.get('metadata', {}).get('name')}: {msg}")
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
    """The optional PodMonitor component: selects every Deployment's pods, on a declared port."""
    d = os.path.join(K8S, "components", "monitoring")
    if not os.path.isdir(d):
        return []
    errs = []
    for pm in render_component_resources(d, ()):
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
    if len(argv) > 1 and argv[1] == "--json":
        import json
        out = {o: [strip(x) for x in render(os.path.join(K8S, "overlays", o))] for o in ("dev", "prod")}
        if os.path.isdir(os.path.join(K8S, "components", "monitoring")):
            out["components/monitoring"] = [strip(x) for x in render_component_resources(os.path.join(K8S, "components", "monitoring"), ())]
        print(json.dumps(out))
        return 0
    if len(argv) > 2 and argv[1] == "--print":
        print(yaml.safe_dump_all([strip(o) for o in render(os.path.join(K8S, "overlays", argv[2]))], sort_keys=False))
        return 0
    external = yaml.safe_load(open(os.path.join(K8S, "external-secrets.yaml")))["externalSecrets"]
    failures = []
    # every YAML file under deploy/k8s parses
    nfiles = 0
    for d, _, files in os.walk(K8S):
        for f in files:
            if f.endswith((".yaml", ".yml")):
                nfiles += 1
                try:
                    load_yaml_docs(os.path.join(d, f))
                except Problem as e:
                    failures.append(str(e))
    for overlay in ("dev", "prod"):
        try:
            if overlay == "prod":
                failures += check_monitoring_component(render(os.path.join(K8S, "overlays", overlay)))
            objs = render(os.path.join(K8S, "overlays", overlay))
            errs, by_kind = check(overlay, objs, external)
            failures += errs
            how = compare_with_kubectl(overlay, objs)
            if not errs:
                counts = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items()))
                print(f"ok   overlays/{overlay}: {len(objs)} objects ({counts}); {how}")
        except Problem as e:
            failures.append(f"[{overlay}] {e}")
        except Exception as e:  # a malformed manifest: report, do not crash
            failures.append(f"[{overlay}] {type(e).__name__}: {e}")
    for f in failures:
        print("FAIL " + f)
    if failures:
        print(f"k8s_manifests: FAILED ({len(failures)} problems)")
        return 1
    print(f"k8s_manifests: all checks passed ({nfiles} YAML files)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
