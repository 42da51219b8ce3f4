// Telemetry shapes shared by the core and the renderer: one scraped sample of a vLLM engine.
import { z } from 'zod';

const figure = z.number().nullable();

/**
 * One sample per target per scrape (electron/core/telemetry/sample.ts). Rates are over the time
 * since the previous scrape of the same target and are null on the first scrape (nothing to
 * compare with); latency percentiles are null when no request finished in the interval.
 */
export const DeploymentSample = z.object({
  /** Epoch ms of the scrape. */
  at: z.number().int(),
  /** The deployment's or external endpoint's name. */
  target: z.string(),
  /** Fraction 0–1 of the KV-cache pool in use. */
  kvCacheUsage: figure,
  running: figure,
  waiting: figure,
  /** Tokens per second. */
  promptTps: figure,
  generationTps: figure,
  /** Finished requests per second. */
  requestsPs: figure,
  ttftP50Ms: figure,
  ttftP95Ms: figure,
  ttftP99Ms: figure,
  e2eP50Ms: figure,
  e2eP95Ms: figure,
  e2eP99Ms: figure,
  /** Preemptions per second. */
  preemptionsPs: figure,
  /** Fraction 0–1 of prefix-cache queries that hit, over the interval. */
  prefixHitRate: figure,
});
export type DeploymentSample = z.infer<typeof DeploymentSample>;
