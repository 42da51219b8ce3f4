// `switchyard gateway`: a gateway replica joined to an instance, and the token it joins with.
//   switchyard gateway token [--data-dir DIR]      issue the replica-join token (shown once)
//   switchyard gateway --join URL --token T …      serve as a replica of that instance
// Flags fail with one line (exit 2); an instance that cannot be read at start fails with exit 1.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../data-dir';
import { RedisUrl } from '../gateway/shared-state/redis-state';
import { Store } from '../store';
import { issueJoinToken } from './join-token';
import { startReplicaGateway } from './replica-gateway';

export class GatewayUsageError extends Error {}

export const GATEWAY_USAGE = `  switchyard gateway token [--data-dir DIR]      issue the replica-join token (shown once; replaces the last one)
  switchyard gateway --join ADMIN_URL --token syr-… [--host 127.0.0.1] [--port 4000] [--spool-dir DIR] [--name NAME] [--redis redis://…]`;

export async function gatewayCommand(argv: string[], print: (line: string) => void): Promise<void> {
  if (argv[0] === 'token') return tokenCommand(argv.slice(1), print);
  const { values } = parseArgs({
    args: argv,
    options: {
      join: { type: 'string' },
      token: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'spool-dir': { type: 'string' },
      name: { type: 'string' },
      redis: { type: 'string' },
    },
    strict: true,
  });
  if (!values.join)
    throw new GatewayUsageError(`gateway needs --join ADMIN_URL (the instance's "ui listening on" URL)`);
  let joinUrl: URL;
  try {
    joinUrl = new URL(values.join);
  } catch {
    throw new GatewayUsageError(
      `--join must be the instance's admin URL, e.g. http://127.0.0.1:4141; got "${values.join}"`,
    );
  }
  const token = values.token ?? process.env.SWITCHYARD_JOIN_TOKEN;
  if (!token)
    throw new GatewayUsageError(
      'gateway needs --token (or SWITCHYARD_JOIN_TOKEN): run `switchyard gateway token` on the instance machine',
    );
  const port = Number(values.port ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new GatewayUsageError(`--port must be a port number (0-65535), got "${values.port}"`);
  if (values.redis !== undefined && !RedisUrl.safeParse(values.redis).success)
    throw new GatewayUsageError(`--redis must be a Redis URL such as redis://127.0.0.1:6379, got "${values.redis}"`);
  print(
    values.redis
      ? 'gateway state shared through Redis: rate limits, budget holds and cooldowns hold across the instance and its replicas'
      : 'no --redis: rate limits, parallel limits, budget reservations and cooldowns are enforced by this replica alone; spend reaches the instance as its log rows arrive',
  );
  const replica = await startReplicaGateway({
    joinUrl: joinUrl.origin,
    token,
    host: values.host ?? '127.0.0.1',
    port,
    spoolDir: resolve(values['spool-dir'] ?? join(defaultDataDir(), `replica-${port}`)),
    name: values.name,
    redisUrl: values.redis,
    log: print,
  });
  print(`gateway listening on ${replica.url}`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    print(`${signal}: stopping (shipping what the instance is owed for up to 2 s)…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    replica.close(2_000).then(
      () => process.exit(0),
      (err) => {
        console.error(`error while stopping: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function tokenCommand(argv: string[], print: (line: string) => void): void {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true });
  const store = Store.open(resolve(values['data-dir'] ?? defaultDataDir()));
  try {
    print(issueJoinToken(store));
  } finally {
    store.close();
  }
}
