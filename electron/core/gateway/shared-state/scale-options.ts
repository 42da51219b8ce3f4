// `serve --redis URL --gateway-workers N`, checked once: what the gateway process is told (its
// environment) or the one line that says what to fix. Without either flag nothing changes.
import { RedisUrl } from './redis-state';

export class ScaleOptionsError extends Error {}

export interface GatewayScale {
  redisUrl: string | null;
  workers: number;
  /** Added to the gateway process's environment (fork-launcher.ts). */
  env: Record<string, string>;
}

export function gatewayScale(redis: string | undefined, workers: string | number | undefined): GatewayScale {
  const n = workers === undefined ? 1 : Number(workers);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new ScaleOptionsError(`--gateway-workers must be a whole number from 1 to 256, got "${workers}"`);
  if (redis !== undefined && !RedisUrl.safeParse(redis).success)
    throw new ScaleOptionsError(`--redis must be a Redis URL such as redis://127.0.0.1:6379, got "${redis}"`);
  if (n > 1 && redis === undefined)
    throw new ScaleOptionsError(
      `--gateway-workers ${n} needs --redis redis://host:6379: the workers share rate limits, budget holds and cooldowns there (start one with \`redis-server\`).`,
    );
  return {
    redisUrl: redis ?? null,
    workers: n,
    env: {
      ...(redis ? { SWITCHYARD_REDIS_URL: redis } : {}),
      ...(n > 1 ? { SWITCHYARD_GATEWAY_WORKERS: String(n) } : {}),
    },
  };
}
