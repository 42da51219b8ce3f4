// Shared setup of the agent-dialect route tests: a gateway over a real SQLite store in front of a
// vLLM simulator with tools and reasoning on (as an agent deployment runs), plus a target that
// breaks off mid-stream (a real socket that sends two chunks, then resets), priced so each
// request's cost shows in the log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simEndpoint, simGroup, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';

export interface AgentFixture {
  f: GatewayFixture;
  broken: Server;
  close(): Promise<void>;
}

/** Chat chunks, then the connection is reset: the target failed while generating. */
function startBrokenTarget(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (content: string) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      res.write(chunk('Half '));
      res.write(chunk('an answer'));
      setTimeout(() => res.socket?.resetAndDestroy(), 30);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function startAgentFixture(): Promise<AgentFixture> {
  const sims = await startSims({
    agent: {
      model: 'Qwen/Qwen3-0.6B',
      servedModelNames: ['qwen'],
      ttftMs: 2,
      itlMs: 1,
      outputLenMean: 24,
      maxModelLen: 131072,
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
      reasoningParser: 'qwen3',
      seed: 7,
    },
    slow: {
      model: 'Qwen/Qwen3-0.6B',
      servedModelNames: ['slow'],
      ttftMs: 2,
      itlMs: 20,
      outputLenMean: 400,
      maxModelLen: 131072,
    },
  });
  const broken = await startBrokenTarget();
  const f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'agent', { maxModelLen: 131072, inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    simEndpoint(fx, 'slow', { maxModelLen: 131072, inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    fx.endpoint('broken', `http://127.0.0.1:${(broken.address() as AddressInfo).port}/v1`, {
      model: 'm',
      maxModelLen: 8192,
    });
    return {
      groups: [
        simGroup('chat', [{ sim: 'agent' }]),
        simGroup('slow', [{ sim: 'slow' }]),
        simGroup('other', [{ sim: 'agent' }]),
        simGroup('broken', [{ sim: 'broken' }]),
      ],
    };
  }, sims);
  return {
    f,
    broken,
    async close() {
      broken.close();
      await f.close();
    },
  };
}

/** The request-log row of one request, once written. */
export function logRow(f: GatewayFixture, requestId: string | null) {
  f.rt.writer.flush();
  return f.store.requestLog.recent(500).find((r) => r.id === requestId);
}

/** Server-sent events as (event name, parsed data) pairs. */
export function parseSse(text: string): Array<{ event: string | null; data: Record<string, unknown> }> {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null;
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: data === '[DONE]' ? { type: '[DONE]' } : (JSON.parse(data) as Record<string, unknown>) };
    });
}

/** Waits until the request's row is in the log (a stream's row is written as it ends). */
export async function waitForRow(f: GatewayFixture, requestId: string, ms = 5000) {
  const until = Date.now() + ms;
  for (;;) {
    const row = logRow(f, requestId);
    if (row || Date.now() > until) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
}
