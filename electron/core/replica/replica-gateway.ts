// A gateway replica (`switchyard gateway --join`): the same gateway code `serve` runs, serving from
// its instance's snapshot instead of a store of its own. It reads the snapshot once at start (no
// table, no serving), follows the change stream and reads the snapshot again on every change; while
// the instance is unreachable it keeps serving on the last table it read. Request-log rows go to a
// local spool and are shipped to the instance (log-spool.ts, log-shipper.ts). Without shared state
// (Redis), rate limits, parallel limits, budget reservations and cooldowns are this replica's own:
// each replica enforces them locally, and spend reaches the instance's budgets as its rows arrive.
// With `redisUrl` they live in Redis (gateway/shared-state/), shared with `serve --redis` and every
// replica on it, and the replica ships the budget totals it settled there with its rows.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { systemClock } from '../clock';
import { GatewayRuntime } from '../gateway/runtime';
import { startGatewayServer } from '../gateway/server';
import { RoutingTable } from '../gateway/routing/table';
import { secretBox } from '../secrets';
import { InstanceLink } from './instance-link';
import { LogShipper } from './log-shipper';
import { LogSpool } from './log-spool';
import { MirrorStore } from './mirror-store';
import type { ReplicaSnapshot } from './replica-wire';
import { SpoolingWriter } from './spooling-writer';

export interface ReplicaGatewayOptions {
  /** The instance's admin URL (what `serve` printed as "ui listening on", without the #token). */
  joinUrl: string;
  /** The replica-join token (`switchyard gateway token` on the instance). */
  token: string;
  host: string;
  port: number;
  /** Folder of the request-log spool; kept across restarts, so rows owed are shipped by the next run. */
  spoolDir: string;
  /** How the instance's log names this replica; default host:port. */
  name?: string;
  /** Share rate limits, budget holds and cooldowns with the instance and other replicas here (redis://…). */
  redisUrl?: string;
  log: (line: string) => void;
}

export interface ReplicaGateway {
  url: string;
  /** The snapshot version served now. */
  version(): number;
  shipper: LogShipper;
  /** Stops serving, ships what is owed for up to `drainMs`, and closes (rows left stay spooled). */
  close(drainMs?: number): Promise<void>;
}

export async function startReplicaGateway(options: ReplicaGatewayOptions): Promise<ReplicaGateway> {
  const link = new InstanceLink(options.joinUrl, options.token);
  const first = await link.snapshot();
  const mirror = MirrorStore.create();
  let spool: LogSpool | null = null;
  try {
    mirror.apply(first);
    let table = tableOf(first);
    let version = first.version;
    spool = await LogSpool.open(options.spoolDir);
    const name = options.name ?? `${hostname()}:${options.port}`;
    const openSpool = spool;
    let shipper: LogShipper | null = null;
    let writer: SpoolingWriter | null = null;
    // The table carries upstream keys in the clear already: the mirror stores no sealed secrets.
    const rt = new GatewayRuntime(mirror.store, secretBox(randomBytes(32)), systemClock, {
      loadTable: () => table,
      writer: (store) => {
        writer = new SpoolingWriter(store, openSpool, () => shipper?.nudge());
        return writer;
      },
      redisUrl: options.redisUrl,
    });
    await rt.connectState();
    const logShipper = new LogShipper(spool, link, name, options.log, options.redisUrl ? writer : null);
    shipper = logShipper;
    const server = await startGatewayServer(rt, options.host, options.port, {
      // Keys are managed on the instance; what /key/* changes here is replaced by the next snapshot.
      onKeysChanged: () => {},
    });

    let reading = false;
    let again = false;
    const refresh = async () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          const next = await link.snapshot();
          mirror.apply(next);
          table = tableOf(next);
          rt.reload();
          version = next.version;
        } while (again);
      } catch (err) {
        options.log(`kept serving on snapshot ${version}: reading the instance's failed (${(err as Error).message})`);
      } finally {
        reading = false;
      }
    };
    let connected = true;
    link.follow(
      () => void refresh(),
      (up, why) => {
        if (up && !connected) options.log(`instance reachable again at ${options.joinUrl}`);
        if (!up && connected)
          options.log(`instance unreachable (${why}): serving on snapshot ${version}, spooling the request log`);
        connected = up;
      },
    );
    logShipper.start();
    options.log(
      `replica of ${options.joinUrl} serving snapshot ${version}: ${first.routing.groups.length} model groups, ${first.keys.length} keys`,
    );
    return {
      url: server.url,
      version: () => version,
      shipper: logShipper,
      async close(drainMs = 2_000) {
        link.stop();
        await server.close();
        await rt.state.close();
        rt.writer.close();
        await logShipper.stop(drainMs);
        await openSpool.close();
        mirror.close();
      },
    };
  } catch (err) {
    await spool?.close();
    mirror.close();
    throw err;
  }
}

function tableOf(snapshot: ReplicaSnapshot): RoutingTable {
  return new RoutingTable(snapshot.routing.groups, snapshot.routing.aliases);
}
