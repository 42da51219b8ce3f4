// `switchyard export --format k8s`: Kubernetes manifests for the current deployments (a Deployment
// with `nvidia.com/gpu` limits, probes on vLLM's /health, a Service, the Hugging Face cache PVC,
// Secret references) and for the gateway itself (replicas sharing state through Redis). Pure: the
// objects are plain API JSON, validated in tests against the Kubernetes schemas (kubernetes-models).
// Secret values never appear: the manifests refer to Secrets and the header says how to make them.
import { stringify } from 'yaml';
import { VERSION } from '../version';
import { type EnvSource, HF_TOKEN_SECRET, type KubernetesWorkload, MANAGED_BY, secretsNeeded } from './k8s-workload';

export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
};

export interface GatewayExport {
  replicas: number;
  /** The image with the `switchyard` CLI as its entrypoint. */
  image: string;
  /** Where replicas pull the routing table and key hashes from (the instance's admin URL, reachable from the cluster). */
  adminUrl: string;
  port: number;
}

export interface ManifestOptions {
  namespace?: string;
  /** Size of each Hugging Face cache claim, a Kubernetes quantity. */
  hfCacheStorage: string;
  storageClassName?: string;
  /** Omitted: no gateway objects (a button on one deployment card exports just that deployment). */
  gateway?: GatewayExport;
}

export const GATEWAY_SECRET = 'switchyard-gateway';
export const REDIS_IMAGE = 'redis:7-alpine';
export const defaultGatewayImage = () => `switchyard/switchyard:${VERSION}`;

/**
 * Probe timings for model loading: vLLM answers /health 200 only once weights are loaded and the
 * server is up, which may take many minutes (download, compile, CUDA graphs). The startup probe
 * allows 30 minutes (as the Docker plan's start period) before liveness applies; readiness then
 * takes an engine out of its Service within 15 s of it stopping to answer, liveness restarts it
 * after 30 s.
 */
export const ENGINE_PROBES = {
  startupProbe: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 180 },
  readinessProbe: { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 },
  livenessProbe: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
} as const;

function labelsOf(component: string, instance: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/part-of': 'switchyard',
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

function metadata(
  name: string,
  labels: Record<string, string>,
  opts: ManifestOptions,
  annotations?: Record<string, string>,
) {
  return {
    name,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    labels,
    ...(annotations ? { annotations } : {}),
  };
}

function envVar(e: EnvSource) {
  return 'value' in e
    ? { name: e.name, value: e.value }
    : { name: e.name, valueFrom: { secretKeyRef: { name: e.secret, key: e.key, optional: e.optional } } };
}

function httpProbe(path: string, timing: { periodSeconds: number; timeoutSeconds: number; failureThreshold: number }) {
  return { httpGet: { path, port: 'http' }, ...timing };
}

export function engineObjects(w: KubernetesWorkload, opts: ManifestOptions): KubernetesObject[] {
  const labels = { ...labelsOf('vllm', w.objectName), 'switchyard.deployment': w.deployment };
  const selector = { 'app.kubernetes.io/name': 'vllm', 'app.kubernetes.io/instance': w.objectName };
  const gpuLimits = w.gpus > 0 ? { limits: { 'nvidia.com/gpu': w.gpus } } : {};
  const deployment: KubernetesObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(w.objectName, labels, opts, {
      'switchyard.model': w.model,
      'switchyard.served-model-name': w.servedModelName,
      'switchyard.spec': w.specJson,
    }),
    spec: {
      replicas: 1,
      // Two pods of one engine rarely fit on the GPUs at once: the old one goes before the new one starts.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'vllm',
              image: w.image,
              args: w.args,
              env: w.env.map(envVar),
              ports: [{ name: 'http', containerPort: w.port, protocol: 'TCP' }],
              resources: gpuLimits,
              startupProbe: httpProbe('/health', ENGINE_PROBES.startupProbe),
              readinessProbe: httpProbe('/health', ENGINE_PROBES.readinessProbe),
              livenessProbe: httpProbe('/health', ENGINE_PROBES.livenessProbe),
              volumeMounts: [
                { name: 'hf-cache', mountPath: w.hfCacheMountPath },
                { name: 'dshm', mountPath: '/dev/shm' },
              ],
            },
          ],
          // Tensor parallel workers talk through shared memory; a pod's default /dev/shm is 64 MiB.
          volumes: [
            { name: 'hf-cache', persistentVolumeClaim: { claimName: w.hfCacheClaim } },
            { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: `${w.shmSizeGib}Gi` } },
          ],
          ...(w.gpus > 0 ? { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
        },
      },
    },
  };
  const service: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(w.objectName, labels, opts),
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: w.port, targetPort: 'http', protocol: 'TCP' }] },
  };
  return [deployment, service];
}

function claimObjects(workloads: KubernetesWorkload[], opts: ManifestOptions): KubernetesObject[] {
  const users = new Map<string, number>();
  for (const w of workloads) users.set(w.hfCacheClaim, (users.get(w.hfCacheClaim) ?? 0) + 1);
  return [...users].map(([claim, count]) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata(claim, labelsOf('hf-cache', claim), opts),
    spec: {
      // Weights download once per claim; deployments sharing it may run on different nodes.
      accessModes: [count > 1 ? 'ReadWriteMany' : 'ReadWriteOnce'],
      resources: { requests: { storage: opts.hfCacheStorage } },
      ...(opts.storageClassName ? { storageClassName: opts.storageClassName } : {}),
    },
  }));
}

export function gatewayObjects(g: GatewayExport, opts: ManifestOptions): KubernetesObject[] {
  const redisLabels = labelsOf('redis', 'switchyard-redis');
  const redisSelector = { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'switchyard-redis' };
  const gwLabels = labelsOf('gateway', 'switchyard-gateway');
  const gwSelector = { 'app.kubernetes.io/name': 'gateway', 'app.kubernetes.io/instance': 'switchyard-gateway' };
  const redisUrl = `redis://switchyard-redis:6379`;
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata('switchyard-redis', redisLabels, opts),
      spec: {
        replicas: 1,
        selector: { matchLabels: redisSelector },
        template: {
          metadata: { labels: redisLabels },
          spec: {
            containers: [
              {
                name: 'redis',
                image: REDIS_IMAGE,
                // Counters, reservations and cooldowns are short-lived; spend is settled in the instance's SQLite.
                args: ['--save', '', '--appendonly', 'no'],
                ports: [{ name: 'redis', containerPort: 6379, protocol: 'TCP' }],
                readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5, timeoutSeconds: 2 },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('switchyard-redis', redisLabels, opts),
      spec: { selector: redisSelector, ports: [{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata('switchyard-gateway', gwLabels, opts),
      spec: {
        replicas: g.replicas,
        selector: { matchLabels: gwSelector },
        template: {
          metadata: { labels: gwLabels },
          spec: {
            containers: [
              {
                name: 'gateway',
                image: g.image,
                // $(VAR) is expanded by Kubernetes from the container's env, so the token stays in its Secret.
                args: [
                  'gateway',
                  '--join',
                  g.adminUrl,
                  '--token',
                  '$(SWITCHYARD_JOIN_TOKEN)',
                  '--redis',
                  redisUrl,
                  '--host',
                  '0.0.0.0',
                  '--port',
                  String(g.port),
                ],
                env: [
                  {
                    name: 'SWITCHYARD_JOIN_TOKEN',
                    valueFrom: { secretKeyRef: { name: GATEWAY_SECRET, key: 'join-token', optional: false } },
                  },
                ],
                ports: [{ name: 'http', containerPort: g.port, protocol: 'TCP' }],
                readinessProbe: httpProbe('/health', { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 }),
                livenessProbe: httpProbe('/health', { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 }),
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('switchyard-gateway', gwLabels, opts),
      spec: {
        type: 'ClusterIP',
        selector: gwSelector,
        ports: [{ name: 'http', port: g.port, targetPort: 'http', protocol: 'TCP' }],
      },
    },
  ];
}

export function kubernetesManifests(workloads: KubernetesWorkload[], opts: ManifestOptions): KubernetesObject[] {
  return [
    ...claimObjects(workloads, opts),
    ...workloads.flatMap((w) => engineObjects(w, opts)),
    ...(opts.gateway ? gatewayObjects(opts.gateway, opts) : []),
  ];
}

/** The `kubectl create secret` lines the manifests need, one per Secret, with placeholders for values. */
export function secretCommands(workloads: KubernetesWorkload[], opts: ManifestOptions): string[] {
  const needed = secretsNeeded(workloads);
  if (opts.gateway) needed.set(GATEWAY_SECRET, new Set(['join-token']));
  const ns = opts.namespace ? ` -n ${opts.namespace}` : '';
  return [...needed].map(([name, keys]) => {
    const literals = [...keys].map((k) => `--from-literal=${k}=…`).join(' ');
    const optional = name === HF_TOKEN_SECRET ? ' (only for gated models)' : '';
    return `kubectl create secret generic ${name}${ns} ${literals}${optional}`;
  });
}

/** Multi-document YAML, with a header saying what to create first and how to apply it. */
export function renderManifests(workloads: KubernetesWorkload[], opts: ManifestOptions): string {
  const objects = kubernetesManifests(workloads, opts);
  const header = [
    `# Kubernetes manifests written by switchyard ${VERSION} for ${workloads.length} deployment(s)${opts.gateway ? ' and the gateway' : ''}.`,
    '# Create the Secrets they refer to first (values are never exported):',
    ...secretCommands(workloads, opts).map((line) => `#   ${line}`),
    '# then: kubectl apply -f THIS_FILE',
  ];
  return `${header.join('\n')}\n${objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n')}`;
}
