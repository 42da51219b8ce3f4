// Docker events → typed events, and reconnection with resume, on a scripted event source.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { EngineEventStream, toEngineEvent, type EngineEvent } from './engine-events';

const attrs = {
  'switchyard.managed': 'true',
  'switchyard.deployment': 'qwen',
  name: 'switchyard-qwen',
  image: 'vllm/vllm-openai:latest',
};
const raw = (Action: string, extra: Record<string, string> = {}, time = 1_700_000_000) => ({
  Type: 'container',
  Action,
  status: Action,
  id: 'abc',
  time,
  timeNano: time * 1e9 + 5e6,
  Actor: { ID: 'abc', Attributes: { ...attrs, ...extra } },
});

describe('toEngineEvent', () => {
  it('types a die with its exit code and the time in ms', () => {
    expect(toEngineEvent(raw('die', { exitCode: '137' }))).toEqual({
      type: 'container',
      action: 'die',
      deployment: 'qwen',
      containerId: 'abc',
      exitCode: 137,
      health: null,
      at: 1_700_000_000_005,
    });
  });
  it('types health changes', () => {
    expect(toEngineEvent(raw('health_status: unhealthy'))?.health).toBe('unhealthy');
  });
  it('ignores other containers, exec noise and non-container events', () => {
    expect(toEngineEvent({ ...raw('start'), Actor: { ID: 'x', Attributes: { name: 'other' } } })).toBeNull();
    expect(toEngineEvent(raw('exec_create: nvidia-smi'))).toBeNull();
    expect(toEngineEvent({ ...raw('create'), Type: 'volume' })).toBeNull();
  });
});

describe('EngineEventStream', () => {
  it('delivers typed events, reconnects after the stream ends, and resumes from the last event time', async () => {
    const streams: PassThrough[] = [];
    const calls: Record<string, unknown>[] = [];
    const fake = {
      getEvents: async (opts: Record<string, unknown>) => {
        calls.push(opts);
        const s = new PassThrough();
        streams.push(s);
        return s;
      },
    } as unknown as Docker;
    const events: EngineEvent[] = [];
    const stream = new EngineEventStream(fake, { minBackoffMs: 5, maxBackoffMs: 20 }).start();
    stream.on((e) => events.push(e));
    await new Promise((r) => setTimeout(r, 10));
    // One event split across two chunks, then the stream drops.
    const line = JSON.stringify(raw('start', {}, 1_700_000_100));
    streams[0].write(line.slice(0, 20));
    streams[0].write(`${line.slice(20)}\n`);
    streams[0].end();
    await new Promise((r) => setTimeout(r, 50));
    streams[1].write(`${JSON.stringify(raw('die', { exitCode: '1' }, 1_700_000_200))}\n`);
    await new Promise((r) => setTimeout(r, 10));
    stream.close();

    expect(calls[0]).toEqual({ filters: { type: ['container'], label: ['switchyard.managed=true'] } });
    expect(calls[1].since).toBe(1_700_000_100);
    const kinds = events.map((e) => (e.type === 'connection' ? e.state : e.action));
    expect(kinds).toEqual(['connected', 'start', 'disconnected', 'connected', 'die']);
    expect(stream.isConnected).toBe(false);
  });

  it('keeps retrying with backoff while the engine is unreachable', async () => {
    let attempts = 0;
    const fake = {
      getEvents: async () => {
        attempts++;
        throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
      },
    } as unknown as Docker;
    const events: EngineEvent[] = [];
    const stream = new EngineEventStream(fake, { minBackoffMs: 5, maxBackoffMs: 10 });
    stream.on((e) => events.push(e));
    stream.start();
    await new Promise((r) => setTimeout(r, 60));
    stream.close();
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(events[0]).toMatchObject({
      type: 'connection',
      state: 'disconnected',
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
