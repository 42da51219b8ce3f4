// A Playground chat run against a real gateway (in this process, over a real SQLite store) in
// front of simulated vLLM engines: the streamed answer arrives as coalesced deltas that add up to
// the text; the closing figures are the gateway's headers and its logged row (cost, sequence
// number); tool calls arrive in pieces that join into one call; Stop ends a stream early; a refusal is
// reported with the gateway's own message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import { runChat } from '../../electron/core/playground/chat-run';
import { RequestLogReads } from '../../electron/core/store/request-log-reads';
import { type GatewayFixture, simEndpoint, simGroup, startGatewayFixture, startSims } from '../support/gateway-fixture';

let f: GatewayFixture;
let key: string;

beforeAll(async () => {
  const sims = await startSims({
    fast: {
      model: 'Qwen/Qwen3-0.6B',
      servedModelNames: ['qwen3'],
      ttftMs: 5,
      itlMs: 2,
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
      reasoningParser: 'qwen3',
    },
    slow: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['qwen3'], ttftMs: 5, itlMs: 30 },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'fast', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    simEndpoint(fx, 'slow');
    return { groups: [simGroup('chat', [{ sim: 'fast' }]), simGroup('slow', [{ sim: 'slow' }])] };
  }, sims);
  key = f.store.keys.create({ alias: 'playground', models: [] }).key;
});
afterAll(() => f?.close());

async function run(
  request: Parameters<typeof runChat>[0],
  stopAfterMs?: number,
): Promise<{ deltas: EventPayload<'playground.delta'>[]; done: EventPayload<'playground.done'> }> {
  const deltas: EventPayload<'playground.delta'>[] = [];
  let done: EventPayload<'playground.done'> | null = null;
  const reads = new RequestLogReads(f.store.db);
  const controller = new AbortController();
  if (stopAfterMs !== undefined) setTimeout(() => controller.abort(), stopAfterMs);
  await runChat(
    request,
    {
      gatewayUrl: f.url,
      key,
      emitDelta: (d) => deltas.push(d),
      emitDone: (d) => {
        done = d;
      },
      findLogRow: (id, since) => reads.byIdSince(id, since),
    },
    controller.signal,
  );
  if (!done) throw new Error('no done event');
  return { deltas, done };
}

describe('a Playground chat run through the gateway', () => {
  it('streams the answer in coalesced deltas and closes with the gateway figures and the logged cost', async () => {
    const { deltas, done } = await run({
      runId: 'run-text-0001',
      model: 'chat',
      messages: [{ role: 'user', content: 'Tell me about switchyards.' }],
      params: { maxTokens: 200, temperature: 0.5 },
    });
    expect(done.outcome).toBe('finished');
    const text = deltas.map((d) => d.content).join('');
    expect(text.length).toBeGreaterThan(0);
    // ~2 ms a token, one delta per 40 ms at most (plus the last): far fewer deltas than tokens.
    expect(deltas.length).toBeLessThan(Math.max(3, done.figures.completionTokens ?? 0));
    const fig = done.figures;
    expect(fig).toMatchObject({ status: 200, servedBy: 'fast', modelGroup: 'chat', attempts: 1 });
    expect(fig.requestId).toBe('playground-run-text-0001');
    expect(fig.ttftMs).toBeGreaterThan(0);
    expect(fig.completionTokens).toBeGreaterThan(0);
    const row = new RequestLogReads(f.store.db).bySeq(fig.logSeq ?? -1);
    expect(row?.id).toBe(fig.requestId);
    expect(fig.costUsd).toBeCloseTo((fig.promptTokens ?? 0) * 1e-6 + (fig.completionTokens ?? 0) * 2e-6, 12);
  });

  it('hands on a tool call in pieces that join into one call', async () => {
    const request = {
      runId: 'run-tool-0001',
      model: 'chat',
      messages: [{ role: 'user' as const, content: 'Weather in Paris?' }],
      params: {},
      tools: [
        {
          type: 'function' as const,
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ],
    };
    const { deltas, done } = await run(request);
    expect(done.outcome).toBe('finished');
    expect(done.finishReason).toBe('tool_calls');
    // The pieces by index, as the renderer joins them (renderer/src/store/playground-model.ts).
    const pieces = deltas.flatMap((d) => d.toolCalls);
    expect(new Set(pieces.map((p) => p.index))).toEqual(new Set([0]));
    expect(pieces.map((p) => p.name).join('')).toBe('get_weather');
    expect(JSON.parse(pieces.map((p) => p.arguments).join(''))).toHaveProperty('city');
  });

  it('stops a stream early when asked, and the gateway still logs what was generated', async () => {
    const { deltas, done } = await run(
      {
        runId: 'run-stop-0001',
        model: 'slow',
        messages: [{ role: 'user', content: 'A long story, please.' }],
        params: { maxTokens: 2000 },
      },
      400,
    );
    expect(done.outcome).toBe('stopped');
    expect(deltas.map((d) => d.content).join('').length).toBeGreaterThan(0);
    expect(done.figures.latencyMs).toBeLessThan(1500);
    expect(done.figures.logSeq).not.toBeNull();
    expect(done.figures.completionTokens).toBeGreaterThan(0);
    expect(done.figures.completionTokens).toBeLessThan(100);
  });

  it('reports a refusal with the gateway message', async () => {
    const { done } = await run({
      runId: 'run-fail-0001',
      model: 'no-such-group',
      messages: [{ role: 'user', content: 'hi' }],
      params: {},
    });
    expect(done.outcome).toBe('failed');
    expect(done.figures.status).toBe(404);
    expect(done.error).toMatch(/no-such-group/);
  });
});
