#!/usr/bin/env bash
# deploy/checks/k8s-static.sh: validate deploy/k8s without a cluster.
#   0. kustomize                  Debian's package kustomize (lib-apt.sh ensure_kustomize: on PATH, or unpacked
#                                 once into ~/.cache/fj-quality/tools from Debian testing; else kubectl kustomize)
#   1. k8s_manifests.py           renders overlays/dev, overlays/prod (and prod with components/monitoring) with
#                                 that kustomize and checks the project's policies on every rendered object
#   2. k8s_manifests_selftest.py  28 broken copies of deploy/k8s must each be rejected
#   3. k8s-schema/validate.mjs    OpenAPI schema validation of the rendered core objects with the schemas
#                                 bundled in the npm package kubernetes-models (npm ci on first use)
# Needs python3 + PyYAML (python3-yaml is installed when missing). Step 3 needs node/npm; without them it is
# skipped with a note unless K8S_SCHEMA_REQUIRED=1. Exit non-zero when any step fails.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=deploy/checks/lib-apt.sh
. "$HERE/lib-apt.sh"
ensure_python_yaml || exit 1
ensure_kustomize || exit 1
failed=0

echo "== k8s_manifests.py"
python3 "$HERE/k8s_manifests.py" || failed=1
echo "== k8s_manifests_selftest.py (broken copies must fail)"
if out=$(python3 "$HERE/k8s_manifests_selftest.py" 2>&1); then
  grep -v '^ok ' <<<"$out"
else
  echo "$out"; failed=1
fi

echo "== schema validation (kubernetes-models)"
SCHEMA="$HERE/k8s-schema"
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [[ ! -d $SCHEMA/node_modules/kubernetes-models || $SCHEMA/package-lock.json -nt $SCHEMA/node_modules/.package-lock.json ]]; then
    (cd "$SCHEMA" && npm ci --no-audit --no-fund --loglevel=error >/tmp/fjq-npm-ci.log 2>&1) \
      || { echo "FAIL npm ci in $SCHEMA (see /tmp/fjq-npm-ci.log)"; tail -5 /tmp/fjq-npm-ci.log; failed=1; }
  fi
  if [[ -d $SCHEMA/node_modules/kubernetes-models ]]; then
    python3 "$HERE/k8s_manifests.py" --json | node "$SCHEMA/validate.mjs" || failed=1
  fi
elif [[ ${K8S_SCHEMA_REQUIRED:-0} == 1 ]]; then
  echo "FAIL node/npm not found (K8S_SCHEMA_REQUIRED=1)"; failed=1
else
  echo "note: node/npm not found: schema validation skipped"
fi

if ((failed)); then echo "k8s-static: FAILED"; exit 1; fi
echo "k8s-static: all checks passed"
