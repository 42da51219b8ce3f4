// Shared by the dialect-over-SDK suites: a vLLM simulator with tools and reasoning on (as an agent
// deployment runs), forwarding a translated chat request to it, and relaying its chat SSE through a
// dialect's translation.
import { type RunningSimulator, startSimulator } from 'vllm-sim';

export const SIM_MODEL = 'Qwen/Qwen3-0.6B';

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A ready simulator with tool calls (hermes) and reasoning (qwen3) enabled. */
export async function startAgentSimulator(): Promise<RunningSimulator> {
  const sim = await startSimulator({
    model: SIM_MODEL,
    ttftMs: 2,
    itlMs: 1,
    outputLenMean: 16,
    enableAutoToolChoice: true,
    toolCallParser: 'hermes',
    reasoningParser: 'qwen3',
  });
  await sim.ready;
  return sim;
}

/** POSTs a translated chat request to the simulator's chat route, under the simulator's model. */
export function forwardChat(sim: RunningSimulator, chat: object): Promise<Response> {
  return fetch(`${sim.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...chat, model: SIM_MODEL }),
  });
}

/** Pipes the simulator's chat SSE through a dialect's translation; `onEnd` runs once it is drained. */
export function relaySse(
  upstream: Response,
  sse: { write(text: string): string; end(): string },
  onEnd: () => void,
): Response {
  const reader = upstream.body!.pipeThrough(new TextDecoderStream()).getReader();
  const out = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      const text = done ? sse.end() : sse.write(value);
      if (text) controller.enqueue(new TextEncoder().encode(text));
      if (done) {
        onEnd();
        controller.close();
      }
    },
  });
  return new Response(out, { headers: { 'content-type': 'text/event-stream' } });
}
