// The Kubernetes hand-off (electron/core/api/export.ts, electron/core/export/): manifests or
// production-stack Helm values for the current deployments, as text to save or apply.
import { z } from 'zod';
import { call } from './contract-parts';

const Quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$/, 'a Kubernetes quantity such as 100Gi');

export const KubernetesExportRequest = z
  .object({
    /** k8s: Deployments, Services, a PVC and the gateway; production-stack: values for vLLM's Helm chart. */
    format: z.enum(['k8s', 'production-stack']),
    /** Only these deployments (by name); absent: all of them. */
    deployments: z.array(z.string().min(1)).min(1).optional(),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a namespace name: lower-case letters, digits and "-"')
      .max(63)
      .optional(),
    /** Gateway replicas sharing state through Redis; 0 leaves the gateway out (k8s only). */
    gatewayReplicas: z.number().int().min(0).max(100).default(2),
    /** Where the replicas reach this instance's admin API from inside the cluster. */
    adminUrl: z.string().url('an http(s) URL such as http://switchyard.example:4141').optional(),
    hfCacheStorage: Quantity.default('100Gi'),
  })
  .strict();

export const KubernetesExport = z.object({
  format: z.enum(['k8s', 'production-stack']),
  /** YAML: multi-document manifests, or one values document. */
  yaml: z.string(),
  /** A file name to save it under. */
  fileName: z.string(),
  deployments: z.array(z.string()),
  /** The Secrets to create first (names and keys; values are never exported). */
  secrets: z.array(z.object({ name: z.string(), keys: z.array(z.string()) })),
});
export type KubernetesExport = z.infer<typeof KubernetesExport>;

export const exportCalls = {
  'export.kubernetes': call(KubernetesExportRequest, KubernetesExport),
} as const;
