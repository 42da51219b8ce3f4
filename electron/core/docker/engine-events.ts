// The Docker event stream of one engine, turned into typed events about Switchyard's containers,
// in one place. It reconnects by itself (with backoff) and resumes from the last event it saw, so
// a restarted dockerd or a dropped ssh tunnel loses nothing.
import type Docker from 'dockerode';
import { LABEL } from './plan';

export type ContainerAction =
  | 'create'
  | 'start'
  | 'die'
  | 'stop'
  | 'kill'
  | 'destroy'
  | 'oom'
  | 'restart'
  | 'pause'
  | 'unpause'
  | 'health';
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface ContainerEvent {
  type: 'container';
  action: ContainerAction;
  deployment: string;
  containerId: string;
  /** For die: the process's exit code. */
  exitCode: number | null;
  /** For health: the new health status. */
  health: HealthStatus | null;
  /** Epoch milliseconds. */
  at: number;
}

export interface ConnectionEvent {
  type: 'connection';
  state: 'connected' | 'disconnected';
  error: string | null;
  at: number;
}

export type EngineEvent = ContainerEvent | ConnectionEvent;

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

const ACTIONS = new Set<ContainerAction>([
  'create',
  'start',
  'die',
  'stop',
  'kill',
  'destroy',
  'oom',
  'restart',
  'pause',
  'unpause',
]);

/** One raw Docker event → a typed event, or null when it is not about a deployment container. */
export function toEngineEvent(raw: RawEvent): ContainerEvent | null {
  if ((raw.Type ?? 'container') !== 'container') return null;
  const attrs = raw.Actor?.Attributes ?? {};
  const deployment = attrs[LABEL.deployment];
  if (attrs[LABEL.managed] !== 'true' || !deployment) return null;
  const actionText = raw.Action ?? raw.status ?? '';
  const at = raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
  const base = {
    type: 'container' as const,
    deployment,
    containerId: raw.Actor?.ID ?? raw.id ?? '',
    at,
    exitCode: null,
    health: null,
  };
  const health = /^health_status: (starting|healthy|unhealthy)$/.exec(actionText);
  if (health) return { ...base, action: 'health', health: health[1] as HealthStatus };
  if (!ACTIONS.has(actionText as ContainerAction)) return null;
  const exit = attrs.exitCode !== undefined ? Number(attrs.exitCode) : null;
  return { ...base, action: actionText as ContainerAction, exitCode: Number.isFinite(exit) ? exit : null };
}

export interface EngineEventStreamOptions {
  /** Backoff between reconnection attempts, doubling from min to max (ms). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

/** Subscribes to an engine's events until closed; listeners get typed events. */
export class EngineEventStream {
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private stream: NodeJS.ReadableStream | null = null;
  private closed = false;
  private lastSeenSec: number | null = null;
  private backoff: number;
  private timer: NodeJS.Timeout | null = null;
  private connected = false;

  constructor(
    private readonly docker: Docker,
    private readonly options: EngineEventStreamOptions = {},
  ) {
    this.backoff = options.minBackoffMs ?? 250;
  }

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): this {
    void this.connect();
    return this;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  close(): void {
    this.closed = true;
    this.connected = false;
    if (this.timer) clearTimeout(this.timer);
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | null;
    s?.destroy?.();
    this.stream = null;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const filters = { type: ['container'], label: [`${LABEL.managed}=true`] };
      const opts: Record<string, unknown> = { filters };
      // Resume where the last stream stopped; Docker replays events since then.
      if (this.lastSeenSec !== null) opts.since = this.lastSeenSec;
      const stream = (await this.docker.getEvents(opts)) as NodeJS.ReadableStream;
      if (this.closed) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return;
      }
      this.stream = stream;
      this.connected = true;
      this.backoff = this.options.minBackoffMs ?? 250;
      this.emit({ type: 'connection', state: 'connected', error: null, at: this.now() });
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) this.handleLine(line);
      });
      const lost = (err?: Error) => {
        if (this.stream !== stream) return;
        this.stream = null;
        this.connected = false;
        if (this.closed) return;
        this.emit({
          type: 'connection',
          state: 'disconnected',
          error: err ? err.message : 'the event stream ended',
          at: this.now(),
        });
        this.scheduleReconnect();
      };
      stream.on('error', lost);
      stream.on('end', () => lost());
      stream.on('close', () => lost());
    } catch (err) {
      this.connected = false;
      this.emit({ type: 'connection', state: 'disconnected', error: (err as Error).message, at: this.now() });
      this.scheduleReconnect();
    }
  }

  private handleLine(line: string): void {
    if (!line.trim()) return;
    let raw: RawEvent;
    try {
      raw = JSON.parse(line) as RawEvent;
    } catch {
      return;
    }
    if (raw.time) this.lastSeenSec = raw.time;
    const event = toEngineEvent(raw);
    if (event) this.emit(event);
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 10_000);
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }
}
