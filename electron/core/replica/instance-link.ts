// A replica's line to its instance's admin API: reads the snapshot, follows the change stream
// (reconnecting on its own, every second, for as long as the replica runs) and posts log batches.
// Every answer is checked against replica-wire.ts before it is trusted.
import { createParser } from 'eventsource-parser';
import { type LogBatch, LogBatchReceipt, REPLICA_ROUTES, ReplicaChangeEvent, ReplicaSnapshot } from './replica-wire';

const RECONNECT_MS = 1_000;
/** The instance sends a heartbeat every 5 s: a stream silent this long is dead (a cut link, not a close). */
const SILENT_STREAM_MS = 15_000;
const REQUEST_TIMEOUT_MS = 10_000;

export class InstanceUnreachable extends Error {}

export class InstanceLink {
  private stopped = false;
  private stream: AbortController | null = null;

  constructor(
    /** The instance's admin URL, e.g. http://127.0.0.1:4141. */
    private readonly adminUrl: string,
    private readonly token: string,
  ) {}

  async snapshot(): Promise<ReplicaSnapshot> {
    const body = await this.call('GET', REPLICA_ROUTES.snapshot);
    const parsed = ReplicaSnapshot.safeParse(body);
    if (!parsed.success)
      throw new Error(`The instance's snapshot is not one this replica reads: ${parsed.error.message}`);
    return parsed.data;
  }

  async ship(batch: LogBatch): Promise<LogBatchReceipt> {
    const body = await this.call('POST', REPLICA_ROUTES.logRows, batch);
    return LogBatchReceipt.parse(body);
  }

  /**
   * Follows the change stream until `stop`: `onChange` for each event (the first right after each
   * connect, so a replica that was cut off reads the snapshot again), `onState` when the stream
   * connects or drops.
   */
  follow(onChange: (event: ReplicaChangeEvent) => void, onState: (connected: boolean, why?: string) => void): void {
    const connect = async () => {
      while (!this.stopped) {
        const abort = new AbortController();
        this.stream = abort;
        let silence: NodeJS.Timeout | undefined;
        const heard = () => {
          clearTimeout(silence);
          silence = setTimeout(() => abort.abort(new Error('the change stream went silent')), SILENT_STREAM_MS);
        };
        try {
          const res = await fetch(new URL(REPLICA_ROUTES.changes, this.adminUrl), {
            headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
            signal: abort.signal,
          });
          if (!res.ok || !res.body) throw new Error(await errorOf(res));
          onState(true);
          heard();
          const parser = createParser({
            onEvent: (e) => {
              if (e.event !== 'change') return;
              const event = ReplicaChangeEvent.safeParse(JSON.parse(e.data));
              if (event.success) onChange(event.data);
            },
          });
          const decoder = new TextDecoder();
          for await (const chunk of res.body) {
            heard();
            parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
          }
          if (!this.stopped) onState(false, 'the instance closed the change stream');
        } catch (err) {
          if (!this.stopped) onState(false, (err as Error).message);
        } finally {
          clearTimeout(silence);
        }
        if (!this.stopped) await new Promise((r) => setTimeout(r, RECONNECT_MS));
      }
    };
    void connect();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.abort();
  }

  private async call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(new URL(route, this.adminUrl), {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new InstanceUnreachable(`The instance at ${this.adminUrl} is unreachable: ${causeOf(err)}`);
    }
    if (!res.ok) throw new Error(await errorOf(res));
    return ((await res.json()) as { result: unknown }).result;
  }
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

async function errorOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
    if (message) return `${res.status}: ${message}`;
  } catch {}
  return `${res.status} ${res.statusText}: ${text.slice(0, 200)}`;
}
