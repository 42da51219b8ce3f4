// `switchyard export --format production-stack`: values for vLLM's production-stack Helm chart
// (github.com/vllm-project/production-stack, helm/values.yaml): one modelSpec per deployment,
// from the same Kubernetes model as the plain manifests (k8s-workload.ts). The engine arguments
// the chart has a field for go there; every other one goes to vllmConfig.extraArgs unchanged.
// Pure; the result is validated in tests against the chart's values schema.
import { stringify } from 'yaml';
import { VERSION } from '../version';
import { ENGINE_KEYS_SECRET, HF_TOKEN_SECRET, type KubernetesWorkload } from './k8s-workload';

export interface ProductionStackOptions {
  routerReplicas: number;
  /** Per engine pod. */
  requestCpu: number;
  requestMemory: string;
  pvcStorage: string;
  hfTokenConfigured: boolean;
}

/** The image reference split as the chart wants it: repository and tag (a digest stays in the tag's place). */
export function splitImage(image: string): { repository: string; tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), tag: image.slice(at + 1) };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash
    ? { repository: image.slice(0, colon), tag: image.slice(colon + 1) }
    : { repository: image, tag: 'latest' };
}

type Field = { key: string; kind: 'int' | 'float' | 'string' | 'flag' };
/** Engine flags the chart sets itself from vllmConfig (its deployment template adds them to `vllm serve`). */
const VLLM_CONFIG_FIELDS: Record<string, Field> = {
  '--max-model-len': { key: 'maxModelLen', kind: 'int' },
  '--dtype': { key: 'dtype', kind: 'string' },
  '--tensor-parallel-size': { key: 'tensorParallelSize', kind: 'int' },
  '-tp': { key: 'tensorParallelSize', kind: 'int' },
  '--max-num-seqs': { key: 'maxNumSeqs', kind: 'int' },
  '--gpu-memory-utilization': { key: 'gpuMemoryUtilization', kind: 'float' },
  '--enable-prefix-caching': { key: 'enablePrefixCaching', kind: 'flag' },
  '--enable-chunked-prefill': { key: 'enableChunkedPrefill', kind: 'flag' },
};

/** Splits the engine arguments (after --model MODEL) into the chart's vllmConfig fields and extraArgs. */
export function vllmConfigOf(args: readonly string[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const extraArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--model') {
      i++; // the chart passes modelURL itself
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const field = VLLM_CONFIG_FIELDS[flag];
    if (!field) {
      extraArgs.push(arg);
      continue;
    }
    if (field.kind === 'flag') {
      config[field.key] = true;
      continue;
    }
    const text = inline ?? args[++i];
    const value = field.kind === 'string' ? text : Number(text);
    const valid = field.kind === 'string' || (field.kind === 'int' ? Number.isInteger(value) : Number.isFinite(value));
    // A value the chart's typed field cannot hold is passed through as the user wrote it.
    if (valid) config[field.key] = value;
    else extraArgs.push(...(inline === undefined ? [flag, text] : [arg]));
  }
  if (extraArgs.length > 0) config.extraArgs = extraArgs;
  return config;
}

export function modelSpecOf(w: KubernetesWorkload, opts: ProductionStackOptions): Record<string, unknown> {
  const env = w.env.filter((e): e is { name: string; value: string } => 'value' in e);
  const secretEnv = w.env.filter(
    (e) => 'secret' in e && e.secret !== HF_TOKEN_SECRET && e.secret !== ENGINE_KEYS_SECRET,
  );
  const engineArgs = w.args;
  return {
    name: w.objectName.replace(/^switchyard-/, ''),
    annotations: { 'switchyard.deployment': w.deployment },
    ...splitImage(w.image),
    modelURL: w.model,
    replicaCount: 1,
    requestCPU: opts.requestCpu,
    requestMemory: opts.requestMemory,
    requestGPU: w.gpus,
    pvcStorage: opts.pvcStorage,
    pvcAccessMode: ['ReadWriteOnce'],
    shmSize: `${w.shmSizeGib}Gi`,
    vllmConfig: vllmConfigOf(engineArgs),
    ...(opts.hfTokenConfigured ? { hf_token: { secretName: HF_TOKEN_SECRET, secretKey: 'HF_TOKEN' } } : {}),
    ...(env.length > 0 ? { env } : {}),
    // The chart's env holds plain values only; a deployment's secret variables come whole from one Secret.
    ...(secretEnv[0] && 'secret' in secretEnv[0] ? { envFromSecret: { name: secretEnv[0].secret } } : {}),
  };
}

export function productionStackValues(workloads: KubernetesWorkload[], opts: ProductionStackOptions) {
  return {
    servingEngineSpec: {
      runtimeClassName: 'nvidia',
      // The chart takes one engine key for all models; Switchyard's per-deployment keys map to one Secret key.
      vllmApiKey: { secretName: ENGINE_KEYS_SECRET, secretKey: 'production-stack' },
      modelSpec: workloads.map((w) => modelSpecOf(w, opts)),
    },
    routerSpec: {
      replicaCount: opts.routerReplicas,
      serviceDiscovery: 'k8s',
      routingLogic: 'roundrobin',
      vllmApiKey: { secretName: ENGINE_KEYS_SECRET, secretKey: 'production-stack' },
    },
  };
}

export function renderProductionStackValues(workloads: KubernetesWorkload[], opts: ProductionStackOptions): string {
  const header = [
    `# Values for vLLM's production-stack Helm chart, written by switchyard ${VERSION} for ${workloads.length} deployment(s).`,
    `#   kubectl create secret generic ${ENGINE_KEYS_SECRET} --from-literal=production-stack=…`,
    ...(opts.hfTokenConfigured
      ? [`#   kubectl create secret generic ${HF_TOKEN_SECRET} --from-literal=HF_TOKEN=…`]
      : []),
    '#   helm repo add vllm https://vllm-project.github.io/production-stack',
    '#   helm install switchyard vllm/vllm-stack -f THIS_FILE',
  ];
  return `${header.join('\n')}\n${stringify(productionStackValues(workloads, opts), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
