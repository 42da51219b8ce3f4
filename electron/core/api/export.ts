// export.kubernetes: the current deployments as Kubernetes manifests or production-stack Helm
// values (electron/core/export/). Reads the stored specs; writes nothing.
import type { CallParsedInput, CallResult } from '../../../shared/contract';
import { ApiError } from '../errors';
import { defaultGatewayImage, GATEWAY_SECRET, renderManifests } from '../export/k8s-manifests';
import { type KubernetesWorkload, kubernetesWorkloadOf, secretsNeeded } from '../export/k8s-workload';
import { renderProductionStackValues } from '../export/production-stack';
import { huggingFaceTokenConfigured } from '../instance-settings';
import type { CoreContext } from './context';
import type { Handlers } from './dispatch';

export function kubernetesExport(
  ctx: Pick<CoreContext, 'store'>,
  input: CallParsedInput<'export.kubernetes'>,
): CallResult<'export.kubernetes'> {
  const known = ctx.store.deployments.list().map((d) => d.name);
  const names = input.deployments ?? known;
  const missing = names.filter((n) => !known.includes(n));
  if (missing.length > 0)
    throw new ApiError(
      'not_found',
      `No deployment named ${missing.map((n) => `"${n}"`).join(', ')}; deployments.list shows the names (${known.join(', ') || 'none yet'}).`,
    );
  if (names.length === 0)
    throw new ApiError('invalid_input', 'There are no deployments to export yet; deploy a model first.');
  const hfTokenConfigured = huggingFaceTokenConfigured(ctx);
  const workloads: KubernetesWorkload[] = names.map((name) => {
    const spec = ctx.store.deployments.spec(name);
    if (!spec)
      throw new ApiError('conflict', `The stored spec of "${name}" cannot be read; deploy it again to export it.`);
    return kubernetesWorkloadOf(spec, { hfTokenConfigured });
  });
  const secrets = secretsNeeded(workloads);
  if (input.format === 'production-stack') {
    const yaml = renderProductionStackValues(workloads, {
      routerReplicas: Math.max(1, input.gatewayReplicas),
      requestCpu: 4,
      requestMemory: '16Gi',
      pvcStorage: input.hfCacheStorage,
      hfTokenConfigured,
    });
    return {
      format: input.format,
      yaml,
      fileName: 'production-stack-values.yaml',
      deployments: names,
      secrets: [
        { name: 'switchyard-engine-keys', keys: ['production-stack'] },
        ...(hfTokenConfigured ? [{ name: 'switchyard-hf-token', keys: ['HF_TOKEN'] }] : []),
      ],
    };
  }
  const gatewayPort = ctx.store.settings.get().gatewayPort;
  const gateway =
    input.gatewayReplicas > 0
      ? {
          replicas: input.gatewayReplicas,
          image: defaultGatewayImage(),
          adminUrl: input.adminUrl ?? 'http://switchyard:4141',
          port: gatewayPort,
        }
      : undefined;
  if (gateway) secrets.set(GATEWAY_SECRET, new Set(['join-token']));
  return {
    format: input.format,
    yaml: renderManifests(workloads, { namespace: input.namespace, hfCacheStorage: input.hfCacheStorage, gateway }),
    fileName: names.length === 1 ? `${names[0]}.k8s.yaml` : 'switchyard.k8s.yaml',
    deployments: names,
    secrets: [...secrets].map(([name, keys]) => ({ name, keys: [...keys] })),
  };
}

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export.kubernetes'> {
  return { 'export.kubernetes': (input) => kubernetesExport(ctx, input) };
}
