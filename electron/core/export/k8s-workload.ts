// The one Kubernetes model of a deployment, shared by `export --format k8s`, `--format
// production-stack` and the live Kubernetes target (docs/KUBERNETES.md): object names, how many
// GPUs it asks for, the engine arguments (the same as its Docker plan's), and which of its
// environment values are secrets and where in the cluster they live. Pure.
import { DeploymentSpec, type DeploymentSpecInput } from '../../../shared/deployment-schemas';
import { ENGINE_PORT, engineCommand, HF_CACHE_TARGET, planDeployment, servedModelNameOf } from '../docker/plan';

/** The Secret holding the Hugging Face token (key HF_TOKEN), as `settings.setHuggingFaceToken` holds it here. */
export const HF_TOKEN_SECRET = 'switchyard-hf-token';
/** The Secret holding each engine's API key (VLLM_API_KEY), one key per deployment, which only the gateway also holds. */
export const ENGINE_KEYS_SECRET = 'switchyard-engine-keys';
export const MANAGED_BY = 'switchyard';

/** Where one environment value comes from: written in the manifest, or a key of a Secret the user creates. */
export type EnvSource =
  | { name: string; value: string }
  /** `optional`: the pod starts without it (the Hugging Face token, for public models). */
  | { name: string; secret: string; key: string; optional: boolean };

export interface KubernetesWorkload {
  /** The deployment's name in Switchyard. */
  deployment: string;
  /** Object name (Deployment, Service, container): a DNS-1035 label, ≤ 63 characters. */
  objectName: string;
  image: string;
  model: string;
  servedModelName: string;
  /** `nvidia.com/gpu` per pod: tensor × pipeline × data parallel sizes, or the GPUs the spec names; 0 without GPUs. */
  gpus: number;
  tensorParallelSize: number;
  /** The container's args: exactly the Docker plan's command (the image's entrypoint runs vLLM). */
  args: string[];
  env: EnvSource[];
  /** The PVC the Hugging Face cache lives on, shared by deployments that share a Docker volume. */
  hfCacheClaim: string;
  hfCacheMountPath: string;
  shmSizeGib: number;
  /** The spec as JSON with secret values left out (the annotation a live target adopts from). */
  specJson: string;
  port: number;
}

/** A DNS-1035 label: lower-case letters, digits and '-', starting with a letter, ≤ 63 characters. */
export function objectNameOf(prefix: string, name: string): string {
  const cleaned = `${prefix}${name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`.replace(/-+/g, '-');
  const start = /^[a-z]/.test(cleaned) ? cleaned : `d-${cleaned}`;
  if (start.length <= 63) return start.replace(/-+$/, '');
  // Long names keep their start and a short hash of the whole, so two long names stay distinct.
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `${start.slice(0, 54).replace(/-+$/, '')}-${hash.toString(36).padStart(7, '0').slice(0, 7)}`;
}

/** The value of an engine argument given as `--flag V`, `--flag=V` or one of its short forms. */
export function engineArgValue(args: readonly string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const flag of flags) {
      if (args[i] === flag) return args[i + 1];
      if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
    }
  }
  return undefined;
}

function positiveInt(text: string | undefined): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export function gpuCountOf(spec: DeploymentSpec): { gpus: number; tensorParallelSize: number } {
  const tp = positiveInt(engineArgValue(spec.engineArgs, '--tensor-parallel-size', '-tp'));
  const pp = positiveInt(engineArgValue(spec.engineArgs, '--pipeline-parallel-size', '-pp'));
  const dp = positiveInt(engineArgValue(spec.engineArgs, '--data-parallel-size', '-dp'));
  const needed = tp * pp * dp;
  switch (spec.gpus.kind) {
    case 'none':
      return { gpus: 0, tensorParallelSize: tp };
    // A cluster schedules by count, not by device: the named GPUs say how many, the scheduler which.
    case 'indices':
      return { gpus: Math.max(spec.gpus.indices.length, needed), tensorParallelSize: tp };
    case 'uuids':
      return { gpus: Math.max(spec.gpus.uuids.length, needed), tensorParallelSize: tp };
    case 'all':
      return { gpus: needed, tensorParallelSize: tp };
  }
}

export function hfCacheClaimOf(spec: DeploymentSpec): string {
  return spec.hfCache.kind === 'volume'
    ? objectNameOf('', spec.hfCache.name)
    : objectNameOf('switchyard-', `${spec.name}-hf-cache`);
}

export interface WorkloadOptions {
  /** Whether this instance holds a Hugging Face token (so the engine needs the Secret, not just may use it). */
  hfTokenConfigured: boolean;
}

export function kubernetesWorkloadOf(
  input: DeploymentSpecInput | DeploymentSpec,
  opts: WorkloadOptions = { hfTokenConfigured: false },
): KubernetesWorkload {
  const spec = DeploymentSpec.parse(input);
  // The Docker plan decides which environment names are secrets; its values here are markers only.
  const plan = planDeployment({ spec, hostPort: ENGINE_PORT, hfToken: 'marker', engineApiKey: 'marker' });
  const objectName = objectNameOf('switchyard-', spec.name);
  const env: EnvSource[] = [];
  for (const [name, value] of Object.entries(spec.env)) {
    env.push(
      plan.secretEnv.includes(name)
        ? { name, secret: objectNameOf('switchyard-', `${spec.name}-env`), key: name, optional: false }
        : { name, value },
    );
  }
  if (!('HF_TOKEN' in spec.env))
    env.push({ name: 'HF_TOKEN', secret: HF_TOKEN_SECRET, key: 'HF_TOKEN', optional: !opts.hfTokenConfigured });
  // In a cluster the engine is on the network, as on a remote host: it requires its key on /v1.
  if (!('VLLM_API_KEY' in spec.env))
    env.push({ name: 'VLLM_API_KEY', secret: ENGINE_KEYS_SECRET, key: spec.name, optional: false });
  const secretNames = new Set(plan.secretEnv);
  const specForAnnotation = {
    ...spec,
    env: Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, secretNames.has(k) ? '<secret>' : v])),
  };
  const { gpus, tensorParallelSize } = gpuCountOf(spec);
  return {
    deployment: spec.name,
    objectName,
    image: spec.image,
    model: spec.model,
    servedModelName: servedModelNameOf(spec),
    gpus,
    tensorParallelSize,
    args: engineCommand(spec),
    env,
    hfCacheClaim: hfCacheClaimOf(spec),
    hfCacheMountPath: HF_CACHE_TARGET,
    shmSizeGib: spec.shmSizeGib,
    specJson: JSON.stringify(specForAnnotation),
    port: ENGINE_PORT,
  };
}

/** The Secrets the manifests refer to, with their keys: what `kubectl create secret` must make first. */
export function secretsNeeded(workloads: KubernetesWorkload[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const w of workloads)
    for (const e of w.env)
      if ('secret' in e) {
        const keys = out.get(e.secret) ?? new Set<string>();
        keys.add(e.key);
        out.set(e.secret, keys);
      }
  return out;
}
