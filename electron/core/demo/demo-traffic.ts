// Gentle background traffic for demo mode: a request every second or so through the gateway,
// a mix of streamed and plain chat, long prompts (which take the context-window fallback) and
// embeddings, so the charts move. Bounded: at most 4 in flight; stops when told.
const PROMPTS = [
  'Summarise the plot of Hamlet in two sentences.',
  'Write a haiku about GPUs.',
  'Explain what a KV cache is to a new engineer.',
  'List three uses of a reverse proxy.',
  'What is the capital of Australia?',
];

export function startDemoTraffic(gatewayUrl: string, key: string, everyMs = 1_200): () => void {
  let inflight = 0;
  let n = 0;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) =>
    fetch(`${gatewayUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);

  const tick = async () => {
    if (inflight >= 4) return;
    inflight += 1;
    n += 1;
    const prompt = PROMPTS[n % PROMPTS.length];
    try {
      if (n % 7 === 0)
        await post('/v1/embeddings', { model: 'embed', input: [prompt, PROMPTS[(n + 1) % PROMPTS.length]] });
      else if (n % 11 === 0)
        await post('/v1/chat/completions', {
          model: 'chat-large',
          messages: [{ role: 'user', content: prompt }],
          max_tokens: 64,
        });
      else
        await post('/v1/chat/completions', {
          model: 'chat',
          messages: [{ role: 'user', content: prompt }],
          max_tokens: 32 + (n % 5) * 24,
          stream: n % 2 === 0,
        });
    } finally {
      inflight -= 1;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
