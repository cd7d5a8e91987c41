#!/usr/bin/env node
// Offline validation of deploy/k8s, as the objects would be applied.
//   node validate.mjs [--emit] [--no-kubectl] [target …]
// A target is a kustomization directory (its resources and JSON patches resolved here, see
// "Resolving" below) or a YAML file. Without targets: the overlays dev, prod and prod-restore.
// Each object is checked against
//   - Kubernetes' own schemas (the kubernetes-models package: types, required fields, formats;
//     unknown fields from its type declarations, see unknownFields);
//   - for CloudNativePG and its Barman Cloud plugin, the hand-written JSON Schemas in schemas/
//     (ajv; unknown fields refused: schemas/README.md says why and what they cover);
//   - this project's rules (policy() below): non-root, read-only root filesystem, resources,
//     probes, secrets only by reference, a shutdown that fits the grace period;
//   - references between the objects (a Service, PDB or autoscaler that points at nothing).
// Prints one line per problem, naming the target, object and field, and exits 1 if any.
// --emit prints the resolved objects as YAML instead. When kubectl is on PATH its built-in
// kustomize resolves each kustomization too, and any difference from ours is a problem.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const YAML = require("yaml");
const jsonpatch = require("fast-json-patch");
const Ajv = require("ajv");

const here = path.dirname(fileURLToPath(import.meta.url));
const k8sRoot = path.resolve(here, "..");

// ---------------------------------------------------------------- resolving
// A deliberately small kustomize: `resources` (files and directories), `namespace`, `images`
// and `patches` given as JSON 6902 operations (inline or by path) with a target of kind, name
// and optionally labelSelector. Anything else in a kustomization is refused rather than
// ignored, so these manifests cannot come to depend on a feature this resolver would skip.
const supportedKeys = new Set(["apiVersion", "kind", "resources", "namespace", "images", "patches"]);

function readDocuments(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((doc) => {
    if (doc.errors.length) throw new Error(`${rel(file)}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((o) => o !== null && o !== undefined);
}

function build(dir) {
  const file = path.join(dir, "kustomization.yaml");
  const k = YAML.parse(fs.readFileSync(file, "utf8"));
  for (const key of Object.keys(k)) {
    if (!supportedKeys.has(key)) throw new Error(`${rel(file)}: "${key}" is not supported by validate.mjs's resolver (only ${[...supportedKeys].join(", ")})`);
  }
  let objects = [];
  for (const r of k.resources ?? []) {
    const p = path.resolve(dir, r);
    objects.push(...(fs.statSync(p).isDirectory() ? build(p) : readDocuments(p).map((o) => ({ ...o, __file: rel(p) }))));
  }
  for (const [i, patch] of (k.patches ?? []).entries()) {
    const where = `${rel(file)} patches[${i}]`;
    const ops = patch.patch !== undefined ? YAML.parse(patch.patch) : YAML.parse(fs.readFileSync(path.resolve(dir, patch.path), "utf8"));
    if (!Array.isArray(ops)) throw new Error(`${where}: only JSON 6902 patches (a list of operations) are supported, not strategic merge patches`);
    const targets = objects.filter((o) => matches(o, patch.target ?? {}));
    if (targets.length === 0) throw new Error(`${where}: no object matches its target ${JSON.stringify(patch.target)}`);
    objects = objects.map((o) => {
      if (!targets.includes(o)) return o;
      try {
        return jsonpatch.applyPatch(structuredClone(o), ops, true, false).newDocument;
      } catch (e) {
        throw new Error(`${where} on ${o.kind}/${o.metadata?.name}: ${e.message.split("\n")[0]}`);
      }
    });
  }
  if (k.namespace) objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  for (const image of k.images ?? []) {
    for (const o of objects) {
      for (const c of containersOf(o)) {
        const name = c.image?.split("@")[0].replace(/:[^/:]+$/, "");
        if (name === image.name) {
          c.image = (image.newName ?? image.name) + (image.digest ? `@${image.digest}` : image.newTag !== undefined ? `:${image.newTag}` : "");
        }
      }
    }
  }
  return objects;
}

function matches(o, t) {
  if (t.kind && o.kind !== t.kind) return false;
  if (t.name && o.metadata?.name !== t.name) return false;
  if (t.labelSelector) {
    for (const pair of t.labelSelector.split(",")) {
      const [key, value] = pair.split("=");
      if (o.metadata?.labels?.[key.trim()] !== value?.trim()) return false;
    }
  }
  return true;
}

const podSpecOf = (o) => (o.kind === "CronJob" ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec);
const workloadKinds = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
function containersOf(o) {
  if (!workloadKinds.has(o.kind)) return [];
  const pod = podSpecOf(o) ?? {};
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

// ---------------------------------------------------------------- schemas
const ajv = new Ajv({ allErrors: true, strict: true });
for (const f of fs.readdirSync(path.join(here, "schemas")).filter((f) => f.endsWith(".json"))) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(here, "schemas", f), "utf8")));
}
const customResources = {
  "postgresql.cnpg.io/v1/Cluster": "cnpg-cluster.json",
  "postgresql.cnpg.io/v1/ScheduledBackup": "cnpg-scheduledbackup.json",
  "barmancloud.cnpg.io/v1/ObjectStore": "barman-objectstore.json",
};

// kubernetes-models validates types but lets unknown fields through, which the API server
// drops (or refuses, with strict field validation): a misspelt `readinesProbe` would simply
// vanish. The package's type declarations name every field of every object, so those are read
// once and each object is walked against them.
let declared;
function declarations() {
  if (declared) return declared;
  declared = new Map();
  const roots = ["kubernetes-models", "@kubernetes-models/apimachinery"].map((p) => path.dirname(require.resolve(`${p}/package.json`)));
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === "node_modules" || e.name === "_schemas" ? [] : walk(path.join(dir, e.name))) : e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : []);
  for (const file of roots.flatMap(walk)) {
    const text = fs.readFileSync(file, "utf8");
    const local = new Map();
    for (const m of text.matchAll(/^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm)) {
      const fields = new Map();
      for (const f of m[2].matchAll(/^ {4}"([^"]+)"\??: (.*)$/gm)) {
        const type = f[2].trim();
        const array = /^Array<(\w+)>;$/.exec(type);
        const map = type === "{" ? /^ {8}\[key: string\]: (\w+);$/m.exec(m[2].slice(f.index)) : null;
        fields.set(f[1], array ? { items: array[1] } : map ? { values: map[1] } : { type: /^(\w+);$/.exec(type)?.[1] });
      }
      local.set(m[1], fields);
      if (file.endsWith(".d.ts") && !declared.has(`file:${file}`)) declared.set(`file:${file}`, fields);
    }
    for (const m of text.matchAll(/^export \{ (.*) \};$/gm)) {
      for (const pair of m[1].split(", ")) {
        const [name, alias] = pair.split(" as ");
        if (local.has(name) && alias) declared.set(alias, local.get(name));
      }
    }
  }
  return declared;
}

function unknownFields(value, fields, at, problems) {
  if (!fields || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field) {
      problems.push(`${at || "/"} has an unknown field "${key}"`);
      continue;
    }
    const d = declarations();
    if (field.items && Array.isArray(child)) child.forEach((item, i) => unknownFields(item, d.get(field.items), `${at}/${key}/${i}`, problems));
    else if (field.values && child && typeof child === "object") for (const [k, v] of Object.entries(child)) unknownFields(v, d.get(field.values), `${at}/${key}/${k}`, problems);
    else if (field.type) unknownFields(child, d.get(field.type), `${at}/${key}`, problems);
  }
}

function schemaProblems(o) {
  const key = `${o.apiVersion}/${o.kind}`;
  if (customResources[key]) {
    const validate = ajv.getSchema(customResources[key]);
    return validate(o) ? [] : validate.errors.map((e) =>
      `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` ("${e.params.additionalProperty}")` : ""}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : ""}`);
  }
  let Model;
  try {
    Model = require(`kubernetes-models/${o.apiVersion}/${o.kind}`)[o.kind];
  } catch {
    return [`no schema for ${key}: not a Kubernetes kind this validator knows, nor one of its custom resources`];
  }
  if (!Model) return [`no schema for ${key}`];
  const problems = [];
  try {
    new Model(o).validate();
  } catch (e) {
    problems.push(...(e.errors ?? [{ instancePath: "", message: e.message }]).map((x) => `${x.instancePath || "/"} ${x.message}`));
  }
  unknownFields(o, declarations().get(`file:${require.resolve(`kubernetes-models/${o.apiVersion}/${o.kind}`).replace(/\.js$/, ".d.ts")}`), "", problems);
  return problems;
}

// ---------------------------------------------------------------- this project's rules
const secretNames = /SigningKey|Password|Secret|Token/i;

// deploy/README.md applies the objects in steps chosen by this label.
const components = ["config", "database", "migrate", "web", "jobs"];

function policy(o, all) {
  const problems = [];
  if (o.kind === "Secret") problems.push("a Secret in the repository: the operator creates Secrets (deploy/README.md)");
  if (!components.includes(o.metadata?.labels?.["app.kubernetes.io/component"])) {
    problems.push(`metadata.labels["app.kubernetes.io/component"] must be one of ${components.join(", ")} (the install and upgrade steps select by it)`);
  }
  if (!workloadKinds.has(o.kind)) return problems;
  const pod = podSpecOf(o) ?? {};
  if (pod.securityContext?.runAsNonRoot !== true) problems.push("spec.template.spec.securityContext.runAsNonRoot must be true");
  if (pod.automountServiceAccountToken !== false) problems.push("spec.template.spec.automountServiceAccountToken must be false (the app never calls the Kubernetes API)");
  const config = Object.assign({}, ...all.filter((x) => x.kind === "ConfigMap").map((x) => x.data ?? {}));
  for (const c of pod.containers ?? []) {
    const at = `container ${c.name}`;
    if (!c.image) problems.push(`${at}: no image`);
    else if (!/[:@]/.test(c.image.split("/").pop()) || c.image.endsWith(":latest")) problems.push(`${at}: image ${c.image} has no fixed tag or digest (the overlay's images: sets it)`);
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) problems.push(`${at}: resources.requests.cpu and .memory are required`);
    if (!c.resources?.limits?.memory) problems.push(`${at}: resources.limits.memory is required`);
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: securityContext.allowPrivilegeEscalation must be false`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: securityContext.readOnlyRootFilesystem must be true`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${at}: securityContext.capabilities.drop must include ALL`);
    for (const e of c.env ?? []) {
      if (secretNames.test(e.name) && e.value !== undefined) problems.push(`${at}: env ${e.name} has a literal value; it must come from a Secret (valueFrom.secretKeyRef)`);
      if (/^ConnectionStrings__/.test(e.name) && /Password=(?!\$\()/i.test(e.value ?? "")) problems.push(`${at}: env ${e.name} holds a password; reference a Secret with $(VAR)`);
    }
    if (o.kind === "Deployment" && (c.ports ?? []).length > 0) {
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        if (!c[probe]) problems.push(`${at}: ${probe} is required`);
      }
      if (c.livenessProbe?.httpGet?.path && c.livenessProbe.httpGet.path !== "/health/live") problems.push(`${at}: livenessProbe must ask /health/live (never the database)`);
      if (c.readinessProbe?.httpGet?.path && c.readinessProbe.httpGet.path !== "/health/ready") problems.push(`${at}: readinessProbe must ask /health/ready`);
    }
    if (o.kind === "Deployment") {
      // SIGTERM after the preStop pause; then the host waits up to its shutdown timeout.
      const pause = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
      const shutdown = Number(config.DOTNET_shutdownTimeoutSeconds ?? 30);
      const grace = pod.terminationGracePeriodSeconds ?? 30;
      if (pause + shutdown >= grace) problems.push(`${at}: preStop ${pause} s + shutdown timeout ${shutdown} s must stay under terminationGracePeriodSeconds (${grace} s)`);
    }
  }
  if (o.metadata?.labels?.["app.kubernetes.io/component"] === "web" && o.kind === "Deployment") {
    if ((o.spec?.replicas ?? 1) < 2) problems.push("the web Deployment needs at least 2 replicas");
    if (!(pod.containers ?? []).some((c) => c.lifecycle?.preStop)) problems.push("the web Deployment needs a preStop pause, so endpoints are removed before SIGTERM");
  }
  return problems;
}

// ---------------------------------------------------------------- references between objects
function selects(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

function references(all) {
  const problems = [];
  const find = (kind, name) => all.find((o) => o.kind === kind && o.metadata?.name === name);
  const podLabels = all.filter((o) => workloadKinds.has(o.kind)).map((o) => o.spec?.template?.metadata?.labels ?? {});
  for (const o of all) {
    const id = `${o.kind}/${o.metadata?.name}`;
    if (o.kind === "Deployment" && !selects(o.spec?.selector?.matchLabels, o.spec?.template?.metadata?.labels)) {
      problems.push([id, "spec.selector does not match the pod template's labels"]);
    }
    if (o.kind === "Service" && !podLabels.some((l) => selects(o.spec?.selector, l))) problems.push([id, "its selector matches no pod"]);
    if (o.kind === "PodDisruptionBudget" && !podLabels.some((l) => selects(o.spec?.selector?.matchLabels, l))) problems.push([id, "its selector matches no pod"]);
    if (o.kind === "HorizontalPodAutoscaler") {
      const t = o.spec?.scaleTargetRef ?? {};
      if (!find(t.kind, t.name)) problems.push([id, `scaleTargetRef ${t.kind}/${t.name} does not exist`]);
      else if ((o.spec?.minReplicas ?? 1) < 2 && find(t.kind, t.name).metadata?.labels?.["app.kubernetes.io/component"] === "web") problems.push([id, "minReplicas must be at least 2 for the web Deployment"]);
    }
    if (o.kind === "Ingress") {
      for (const rule of o.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          const s = p.backend?.service;
          const svc = s && find("Service", s.name);
          if (!svc) problems.push([id, `backend Service ${s?.name} does not exist`]);
          else if (!(svc.spec?.ports ?? []).some((port) => port.name === s.port?.name || port.port === s.port?.number)) problems.push([id, `Service ${s.name} has no port ${s.port?.name ?? s.port?.number}`]);
        }
      }
      for (const tls of o.spec?.tls ?? []) {
        for (const host of tls.hosts ?? []) {
          if (!(o.spec?.rules ?? []).some((r) => r.host === host)) problems.push([id, `TLS host ${host} has no rule`]);
        }
      }
      if (!(o.spec?.tls ?? []).length) problems.push([id, "no TLS"]);
    }
    // The migrate Job is applied before the web and jobs objects, together with those labelled
    // config: what it needs must be among them.
    const step = o.metadata?.labels?.["app.kubernetes.io/component"] === "migrate" ? ["config", "migrate"] : null;
    const inStep = (x) => !step || step.includes(x.metadata?.labels?.["app.kubernetes.io/component"]);
    for (const c of containersOf(o)) {
      for (const from of c.envFrom ?? []) {
        const cm = from.configMapRef && find("ConfigMap", from.configMapRef.name);
        if (from.configMapRef && !cm) problems.push([id, `container ${c.name}: ConfigMap ${from.configMapRef.name} does not exist`]);
        else if (cm && !inStep(cm)) problems.push([id, `ConfigMap ${cm.metadata.name} is not applied with it (label it config)`]);
      }
    }
    const account = podSpecOf(o)?.serviceAccountName;
    if (workloadKinds.has(o.kind) && account) {
      const sa = find("ServiceAccount", account);
      if (!sa) problems.push([id, `ServiceAccount ${account} does not exist`]);
      else if (!inStep(sa)) problems.push([id, `ServiceAccount ${account} is not applied with it (label it config)`]);
    }
    if (o.kind === "ScheduledBackup" && !find("Cluster", o.spec?.cluster?.name)) problems.push([id, `cluster ${o.spec?.cluster?.name} does not exist`]);
    if (o.kind === "Cluster") {
      for (const p of [...(o.spec?.plugins ?? []), ...(o.spec?.externalClusters ?? []).map((e) => e.plugin).filter(Boolean)]) {
        const store = p.parameters?.barmanObjectName;
        if (store && !find("ObjectStore", store)) problems.push([id, `ObjectStore ${store} does not exist`]);
      }
      if (o.spec?.postgresql?.synchronous && (o.spec.postgresql.synchronous.number ?? 0) > (o.spec.instances ?? 1) - 1) {
        problems.push([id, "spec.postgresql.synchronous.number is more than the replicas there are"]);
      }
      if ((o.spec?.plugins ?? []).some((p) => p.isWALArchiver) && !all.some((x) => x.kind === "ScheduledBackup" && x.spec?.cluster?.name === o.metadata?.name)) {
        problems.push([id, "WAL is archived but no ScheduledBackup makes base backups"]);
      }
    }
  }
  return problems;
}

// The Secrets the pods read: the operator (or CloudNativePG) creates them; listed for the README.
function secretsNeeded(all) {
  const needed = new Map();
  for (const o of all) {
    for (const c of containersOf(o)) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) needed.set(ref.name, new Set([...(needed.get(ref.name) ?? []), ref.key + (ref.optional ? " (optional)" : "")]));
      }
    }
    for (const v of podSpecOf(o)?.volumes ?? []) {
      if (v.secret) needed.set(v.secret.secretName, new Set([...(needed.get(v.secret.secretName) ?? []), ...(v.secret.items ?? []).map((i) => i.key)]));
    }
    if (o.kind === "Ingress") for (const t of o.spec?.tls ?? []) needed.set(t.secretName, new Set(["tls.crt", "tls.key"]));
    for (const cred of Object.values(o.kind === "ObjectStore" ? o.spec?.configuration?.s3Credentials ?? {} : {})) {
      if (cred?.name) needed.set(cred.name, new Set([...(needed.get(cred.name) ?? []), cred.key]));
    }
  }
  return [...needed].map(([name, keys]) => `${name} (${[...keys].join(", ")})`).join("; ");
}

// ---------------------------------------------------------------- kubectl, where present
function kubectlDifferences(dir, ours) {
  let out;
  try {
    out = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (e.code === "ENOENT") return null;
    return [`kubectl kustomize failed: ${(e.stderr || e.message).trim().split("\n")[0]}`];
  }
  const key = (o) => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
  const theirs = new Map(YAML.parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean).map((o) => [key(o), o]));
  const problems = [];
  for (const o of ours) {
    const t = theirs.get(key(o));
    if (!t) problems.push(`${key(o)}: not in kubectl kustomize's output`);
    else if (jsonpatch.compare(t, strip(o)).length) problems.push(`${key(o)}: differs from kubectl kustomize's: ${JSON.stringify(jsonpatch.compare(t, strip(o))).slice(0, 300)}`);
    theirs.delete(key(o));
  }
  for (const k of theirs.keys()) problems.push(`${k}: only in kubectl kustomize's output`);
  return problems;
}

const strip = ({ __file, ...o }) => o;
const rel = (p) => path.relative(process.cwd(), p) || ".";

// ---------------------------------------------------------------- main
const args = process.argv.slice(2);
const emit = args.includes("--emit");
const useKubectl = !args.includes("--no-kubectl");
const targets = args.filter((a) => !a.startsWith("--"));
if (targets.length === 0) targets.push(...["dev", "prod", "prod-restore"].map((o) => path.join(k8sRoot, "overlays", o)));

let failed = false;
for (const target of targets) {
  const name = rel(path.resolve(target));
  let objects;
  try {
    objects = fs.statSync(target).isDirectory() ? build(path.resolve(target)) : readDocuments(target).map((o) => ({ ...o, __file: name }));
  } catch (e) {
    console.log(`${name}: ${e.message}`);
    failed = true;
    continue;
  }
  if (emit) {
    console.log(objects.map((o) => YAML.stringify(strip(o))).join("---\n"));
    continue;
  }
  const problems = [];
  for (const o of objects) {
    const id = `${o.kind ?? "?"}/${o.metadata?.name ?? "?"}`;
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      problems.push(`${id}: apiVersion, kind and metadata.name are required`);
      continue;
    }
    for (const p of [...schemaProblems(strip(o)), ...policy(o, objects)]) problems.push(`${id} (${o.__file}): ${p}`);
  }
  for (const [id, p] of references(objects)) problems.push(`${id}: ${p}`);
  let agreement = "";
  if (useKubectl && fs.statSync(target).isDirectory()) {
    const differences = kubectlDifferences(path.resolve(target), objects);
    if (differences === null) agreement = "; kubectl not found, resolution not cross-checked";
    else if (differences.length === 0) agreement = "; kubectl kustomize resolves it the same";
    else problems.push(...differences.map((d) => `resolution: ${d}`));
  }
  if (problems.length) {
    failed = true;
    for (const p of problems) console.log(`${name}: ${p}`);
    console.log(`${name}: INVALID, ${problems.length} problem(s) in ${objects.length} objects`);
  } else {
    console.log(`${name}: valid, ${objects.length} objects (${[...new Set(objects.map((o) => o.kind))].join(", ")})${agreement}`);
    console.log(`${name}: Secrets to create beforehand (or made by CloudNativePG/cert-manager): ${secretsNeeded(objects)}`);
  }
}
process.exit(failed ? 1 : 0);
