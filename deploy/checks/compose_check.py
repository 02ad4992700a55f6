#!/usr/bin/env python3
"""Structural check of deploy/compose/compose.yaml (no Docker engine needed). Reads the file as given, or
the output of `docker-compose config` when passed with --rendered FILE (anchors/merges resolved by Compose).
Checks: every service of the platform is there with the env var names of docs/conventions.md and the right
JDBC database / ports / key paths; host ports bind 127.0.0.1 only; every bind-mounted file or directory
exists in the repo; depends_on names existing services; builds use Dockerfile.jvm with a MODULE arg whose
target/quarkus-app it copies; the postgres init script creates units, targets, reports. Exit 1 on problems."""
import os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COMPOSE_DIR = os.path.join(os.path.dirname(HERE), "compose")
ROOT = os.path.dirname(os.path.dirname(HERE))
CONVENTIONS = {"QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
               "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
               "SMALLRYE_JWT_SIGN_KEY_LOCATION", "ADMIN_API_KEY", "ADMIN_API_KEY_FILE", "GATEWAY_SERVICES_UNITS_URL",
               "GATEWAY_SERVICES_TARGETS_URL", "GATEWAY_SERVICES_REPORTS_URL", "QUARKUS_HTTP_CORS_ORIGINS", "JAVA_OPTS"}
MODULES = {"units-service": (8081, "units"), "targets-service": (8082, "targets"), "reports-service": (8083, "reports"), "gateway": (8080, None)}

path = os.path.join(COMPOSE_DIR, "compose.yaml")
if len(sys.argv) > 2 and sys.argv[1] == "--rendered":
    path = sys.argv[2]
doc = yaml.safe_load(open(path, encoding="utf-8"))
svcs = doc.get("services", {})
errs = []

def env_of(s):
    e = s.get("environment", {})
    if isinstance(e, list):
        e = dict(x.split("=", 1) if "=" in x else (x, None) for x in e)
    return {k: ("" if v is None else str(v)) for k, v in e.items()}

for need in ["postgres", "kafka", "kafka-init", "keygen", "prometheus", "grafana", *MODULES]:
    if need not in svcs:
        errs.append(f"service {need} is missing")
for name, s in svcs.items():
    for p in s.get("ports", []):
        host_ip = p.get("host_ip") if isinstance(p, dict) else str(p).split(":")[0]
        if host_ip != "127.0.0.1":
            errs.append(f"{name}: port {p} is not bound to 127.0.0.1")
    deps = s.get("depends_on", {})
    for d in (deps if isinstance(deps, list) else deps.keys()):
        if d not in svcs:
            errs.append(f"{name}: depends_on unknown service {d}")
    for v in s.get("volumes", []):
        src = v.split(":")[0] if isinstance(v, str) else v.get("source", "")
        if src.startswith((".", "/")):
            full = os.path.normpath(os.path.join(COMPOSE_DIR, src)) if not src.startswith("/") else src
            if not os.path.exists(full):
                errs.append(f"{name}: bind mount {src} does not exist")
        elif src and src not in (doc.get("volumes") or {}):
            errs.append(f"{name}: named volume {src} is not declared")
for name, (port, db) in MODULES.items():
    s = svcs.get(name)
    if not s:
        continue
    env = env_of(s)
    for k in sorted(set(env) - CONVENTIONS):
        errs.append(f"{name}: env var {k} is not in docs/conventions.md")
    if env.get("QUARKUS_HTTP_PORT") != str(port):
        errs.append(f"{name}: QUARKUS_HTTP_PORT {env.get('QUARKUS_HTTP_PORT')} != {port}")
    if s.get("image") != f"fj-quality/{name}:1.0.0":
        errs.append(f"{name}: image {s.get('image')} is not fj-quality/{name}:1.0.0")
    b = s.get("build", {})
    if not str(b.get("dockerfile", "")).endswith("Dockerfile.jvm") or (b.get("args") or {}).get("MODULE") != name:
        errs.append(f"{name}: not built with Dockerfile.jvm and MODULE={name}")
    ctx = os.path.normpath(os.path.join(COMPOSE_DIR, b.get("context", "."))) if not os.path.isabs(b.get("context", ".")) else b["context"]
    if not os.path.isfile(os.path.join(ctx, name, "pom.xml")):
        errs.append(f"{name}: build context {ctx} has no {name}/pom.xml")
    if not any(re.search(rf"(^|:){port}:{port}(/tcp)?$", str(p)) or (isinstance(p, dict) and p.get("target") == port) for p in s.get("ports", [])):
        errs.append(f"{name}: port {port} not published")
    hc = " ".join(map(str, s.get("healthcheck", {}).get("test", [])))
    if "/q/health/ready" not in hc or str(port) not in hc:
        errs.append(f"{name}: healthcheck does not ask /q/health/ready on {port}")
    if db:
        if env.get("QUARKUS_DATASOURCE_JDBC_URL") != f"jdbc:postgresql://postgres:5432/{db}":
            errs.append(f"{name}: QUARKUS_DATASOURCE_JDBC_URL {env.get('QUARKUS_DATASOURCE_JDBC_URL')}")
        if env.get("KAFKA_BOOTSTRAP_SERVERS") != "kafka:9092":
            errs.append(f"{name}: KAFKA_BOOTSTRAP_SERVERS is not kafka:9092")
        if not env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "").startswith("/keys/"):
            errs.append(f"{name}: MP_JWT_VERIFY_PUBLICKEY_LOCATION is not in the keys volume")
    else:
        if not env.get("SMALLRYE_JWT_SIGN_KEY_LOCATION", "").startswith("/keys/"):
            errs.append(f"{name}: SMALLRYE_JWT_SIGN_KEY_LOCATION is not in the keys volume")
        for m, (p, _) in MODULES.items():
            if m == "gateway":
                continue
            key = f"GATEWAY_SERVICES_{m.split('-')[0].upper()}_URL"
            if env.get(key) != f"http://{m}:{p}":
                errs.append(f"gateway: {key} is {env.get(key)}, not http://{m}:{p}")
        deps = s.get("depends_on", {})
        for m in ("units-service", "targets-service", "reports-service"):
            if m not in deps:
                errs.append(f"gateway: does not wait for {m}")
dockerfile = open(os.path.join(COMPOSE_DIR, "Dockerfile.jvm")).read()
for needed in ("FROM eclipse-temurin:17-jre", "ARG MODULE", "${MODULE}/target/quarkus-app/lib/", "quarkus-run.jar", "USER 185"):
    if needed not in dockerfile:
        errs.append(f"Dockerfile.jvm: no {needed!r}")
sql = open(os.path.join(COMPOSE_DIR, "initdb", "01-databases.sql")).read()
for db in ("units", "targets", "reports"):
    if not re.search(rf"create database {db}\b", sql, re.I):
        errs.append(f"initdb: database {db} is not created")
topics = " ".join(map(str, svcs.get("kafka-init", {}).get("command", [])))
for t in ("units.v1", "targets.v1", "measurements.v1", "progress.v1"):
    if t not in topics:
        errs.append(f"kafka-init: topic {t} is not created")
prom = " ".join(map(str, svcs.get("prometheus", {}).get("command", [])))
if "prometheus.compose.yml" not in prom:
    errs.append("prometheus: not started with prometheus.compose.yml")

for e in errs:
    print("FAIL " + e)
if errs:
    sys.exit(1)
print(f"ok   {os.path.relpath(path, ROOT) if path.startswith(ROOT) else path}: {len(svcs)} services, env names, ports, mounts, builds, init scripts")
