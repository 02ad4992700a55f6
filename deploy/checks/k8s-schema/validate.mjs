// Validates rendered Kubernetes objects against the OpenAPI schemas that ship inside the npm packages
// kubernetes-models (core and apps/policy/autoscaling kinds) and @kubernetes-models/prometheus-operator
// (PodMonitor). Nothing is downloaded at run time. Input on stdin: JSON {"<overlay>": [objects...]}.
// Custom resources of Strimzi and CloudNativePG have no schema package; k8s_manifests.py checks them.
// Exit 1 when an object is invalid.
import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));
const modulePath = (apiVersion, kind) => {
  if (apiVersion === "monitoring.coreos.com/v1") return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`;
  if (/^(v1|apps\/v1|policy\/v1|autoscaling\/v2|batch\/v1|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1)$/.test(apiVersion)) {
    return `kubernetes-models/${apiVersion}/${kind}`;
  }
  return null;
};

let bad = 0;
for (const [overlay, objects] of Object.entries(input)) {
  let valid = 0;
  const skipped = new Set();
  for (const obj of objects) {
    const path = modulePath(obj.apiVersion, obj.kind);
    const id = `${obj.kind}/${obj.metadata?.name}`;
    if (!path) { skipped.add(`${obj.kind} (${obj.apiVersion})`); continue; }
    let Model;
    try {
      Model = (await import(path))[obj.kind];
    } catch (e) {
      console.log(`FAIL [${overlay}] ${id}: no schema for ${obj.apiVersion} ${obj.kind} (${e.code ?? e.message})`);
      bad++; continue;
    }
    try {
      new Model(obj).validate();
      valid++;
    } catch (e) {
      console.log(`FAIL [${overlay}] ${id}: ${e.message}`);
      bad++;
    }
  }
  console.log(`${bad ? "    " : "ok  "} schema [${overlay}]: ${valid} objects valid; no schema package (checked by k8s_manifests.py): ${[...skipped].sort().join(", ")}`);
}
process.exit(bad ? 1 : 0);
