// A deployment plan: the spec (what the user chose) turned into the exact dockerode create options,
// plus the named volumes to create first. Pure, so what the UI shows as `docker run` and compose
// (render.ts) is exactly what gets created. Secrets reach the options only as environment values.
import type Docker from 'dockerode';
import { DeploymentSpec, type DeploymentSpecInput, type GpuSelection } from '../../../shared/deployment-schemas';
import { agentEngineArgs } from './agent-args';

/** vLLM listens here inside the container (its default --port). */
export const ENGINE_PORT = 8000;
export const HF_CACHE_TARGET = '/root/.cache/huggingface';
export const VLLM_CACHE_TARGET = '/root/.cache/vllm';
export const VLLM_CACHE_VOLUME = 'switchyard-vllm-cache';

export const LABEL = {
  managed: 'switchyard.managed',
  deployment: 'switchyard.deployment',
  model: 'switchyard.model',
  servedModelName: 'switchyard.served-model-name',
  hostPort: 'switchyard.host-port',
  /** The spec as JSON (no secrets), so a container can be adopted even without its SQLite row. */
  spec: 'switchyard.spec',
  /** On volumes shared by every deployment (the caches), beside the deployment that created them. */
  shared: 'switchyard.shared',
  volume: 'switchyard.volume',
} as const;

const SECOND_NS = 1_000_000_000;

export interface HealthcheckPlan {
  test: string[];
  intervalS: number;
  timeoutS: number;
  retries: number;
  /** vLLM may download and compile for many minutes; failures inside this window do not count. */
  startPeriodS: number;
}

export interface VolumePlan {
  name: string;
  labels: Record<string, string>;
}

export interface DeploymentPlan {
  name: string;
  containerName: string;
  image: string;
  hostPort: number;
  /** http://127.0.0.1:<hostPort>, where the gateway reaches the engine. */
  baseUrl: string;
  servedModelName: string;
  /** Named volumes to create (with labels) before the container; existing ones are reused. */
  volumes: VolumePlan[];
  healthcheck: HealthcheckPlan;
  /** Names of the environment variables that hold secrets (shown redacted). */
  secretEnv: string[];
  create: Docker.ContainerCreateOptions;
}

export interface PlanInput {
  spec: DeploymentSpecInput | DeploymentSpec;
  hostPort: number;
  /** Passed as HF_TOKEN for gated models; never stored in the spec or labels. */
  hfToken?: string | null;
  /** The shared vLLM compile-cache volume (tests use their own). */
  vllmCacheVolume?: string;
  /**
   * Where the host port listens: 127.0.0.1 on the local engine; on a remote host the gateway must
   * reach it over the network, so it listens on every interface and the engine requires
   * `engineApiKey` (vLLM's VLLM_API_KEY) on its /v1 routes.
   */
  bindAddress?: string;
  engineApiKey?: string | null;
}

export const containerNameOf = (deployment: string) => `switchyard-${deployment}`;

/** Docker's GPU request: `--gpus all` = Count -1; `--gpus '"device=0,2"'` = DeviceIDs (indices or UUIDs). */
export function deviceRequestsFor(gpus: GpuSelection): Docker.DeviceRequest[] | undefined {
  switch (gpus.kind) {
    case 'none':
      return undefined;
    case 'all':
      return [{ Driver: '', Count: -1, DeviceIDs: null as unknown as string[], Capabilities: [['gpu']], Options: {} }];
    case 'indices':
      return [{ Driver: '', Count: 0, DeviceIDs: gpus.indices.map(String), Capabilities: [['gpu']], Options: {} }];
    case 'uuids':
      return [{ Driver: '', Count: 0, DeviceIDs: [...gpus.uuids], Capabilities: [['gpu']], Options: {} }];
  }
}

/** The simulator image has node and no Python; vLLM's image has Python and may lack curl. */
export function healthcheckFor(image: string): HealthcheckPlan {
  const url = `http://127.0.0.1:${ENGINE_PORT}/health`;
  const test = /vllm-sim/.test(image)
    ? [
        'CMD',
        '/usr/bin/node',
        '-e',
        `require('http').get('${url}',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))`,
      ]
    : ['CMD', 'python3', '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=4)`];
  return { test, intervalS: 10, timeoutS: 5, retries: 3, startPeriodS: 1800 };
}

/** The value of `--served-model-name` in the engine arguments, else the model id (vLLM's default). */
export function servedModelNameOf(spec: Pick<DeploymentSpec, 'model' | 'servedModelName' | 'engineArgs'>): string {
  if (spec.servedModelName) return spec.servedModelName;
  const i = spec.engineArgs.findIndex((a) => a === '--served-model-name' || a.startsWith('--served-model-name='));
  if (i >= 0)
    return spec.engineArgs[i].includes('=') ? spec.engineArgs[i].split('=')[1] : (spec.engineArgs[i + 1] ?? spec.model);
  return spec.model;
}

export function engineCommand(spec: DeploymentSpec): string[] {
  const served = spec.servedModelName ? ['--served-model-name', spec.servedModelName] : [];
  return ['--model', spec.model, ...served, ...spec.engineArgs, ...agentEngineArgs(spec)];
}

export function deploymentLabels(spec: DeploymentSpec, hostPort: number): Record<string, string> {
  const { hostPort: _ignored, ...specForLabel } = spec;
  return {
    [LABEL.managed]: 'true',
    [LABEL.deployment]: spec.name,
    [LABEL.model]: spec.model,
    [LABEL.servedModelName]: servedModelNameOf(spec),
    [LABEL.hostPort]: String(hostPort),
    [LABEL.spec]: JSON.stringify({ ...specForLabel, hostPort }),
  };
}

function sharedVolume(name: string, role: string, creator: string): VolumePlan {
  return {
    name,
    labels: { [LABEL.managed]: 'true', [LABEL.deployment]: creator, [LABEL.shared]: 'true', [LABEL.volume]: role },
  };
}

export function planDeployment(input: PlanInput): DeploymentPlan {
  const spec = DeploymentSpec.parse(input.spec);
  const hostPort = input.hostPort;
  const env: Record<string, string> = { ...spec.env };
  const secretEnv: string[] = [];
  if (input.hfToken) {
    env.HF_TOKEN = input.hfToken;
    secretEnv.push('HF_TOKEN');
  }
  if (input.engineApiKey) {
    env.VLLM_API_KEY = input.engineApiKey;
    secretEnv.push('VLLM_API_KEY');
  }
  for (const key of Object.keys(spec.env))
    if (/TOKEN|KEY|SECRET|PASSWORD/i.test(key) && !secretEnv.includes(key)) secretEnv.push(key);

  const vllmCache = input.vllmCacheVolume ?? VLLM_CACHE_VOLUME;
  const volumes: VolumePlan[] = [sharedVolume(vllmCache, 'vllm-cache', spec.name)];
  let hfBind: string;
  if (spec.hfCache.kind === 'volume') {
    volumes.unshift(sharedVolume(spec.hfCache.name, 'hf-cache', spec.name));
    hfBind = `${spec.hfCache.name}:${HF_CACHE_TARGET}`;
  } else {
    hfBind = `${spec.hfCache.path}:${HF_CACHE_TARGET}`;
  }
  const healthcheck = healthcheckFor(spec.image);
  const portKey = `${ENGINE_PORT}/tcp`;
  const restart =
    spec.restartPolicy === 'on-failure'
      ? { Name: 'on-failure', MaximumRetryCount: spec.maxRestarts }
      : { Name: spec.restartPolicy === 'no' ? '' : spec.restartPolicy };

  const create: Docker.ContainerCreateOptions = {
    name: containerNameOf(spec.name),
    Image: spec.image,
    Cmd: engineCommand(spec),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: deploymentLabels(spec, hostPort),
    ExposedPorts: { [portKey]: {} },
    Healthcheck: {
      Test: healthcheck.test,
      Interval: healthcheck.intervalS * SECOND_NS,
      Timeout: healthcheck.timeoutS * SECOND_NS,
      Retries: healthcheck.retries,
      StartPeriod: healthcheck.startPeriodS * SECOND_NS,
    },
    HostConfig: {
      PortBindings: { [portKey]: [{ HostIp: input.bindAddress ?? '127.0.0.1', HostPort: String(hostPort) }] },
      Binds: [hfBind, `${vllmCache}:${VLLM_CACHE_TARGET}`],
      IpcMode: spec.ipc === 'host' ? 'host' : 'private',
      // With the host's IPC namespace the container uses the host's /dev/shm; a size applies only to a private one.
      ...(spec.ipc === 'private' ? { ShmSize: Math.round(spec.shmSizeGib * 1024 ** 3) } : {}),
      RestartPolicy: restart,
      ...(deviceRequestsFor(spec.gpus) ? { DeviceRequests: deviceRequestsFor(spec.gpus) } : {}),
    },
  };
  return {
    name: spec.name,
    containerName: containerNameOf(spec.name),
    image: spec.image,
    hostPort,
    baseUrl: `http://127.0.0.1:${hostPort}`,
    servedModelName: servedModelNameOf(spec),
    volumes,
    healthcheck,
    secretEnv,
    create,
  };
}
