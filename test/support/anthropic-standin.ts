// A local stand-in for Anthropic's Messages API, speaking its documented wire format
// (https://docs.anthropic.com/en/api/messages, /en/api/messages-streaming): x-api-key and
// anthropic-version headers, the message object, and the event stream. It echoes what it was
// sent so tests can check the translation both ways.
import { createServer, type Server } from 'node:http';
import { type GatewayFixture, startGatewayFixture } from './gateway-fixture';

export interface AnthropicStandIn {
  url: string;
  requests: Array<{ headers: Record<string, string | string[] | undefined>; body: any }>;
  close(): Promise<void>;
}

export async function startAnthropicStandIn(apiKey: string): Promise<AnthropicStandIn> {
  const requests: AnthropicStandIn['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const error = (status: number, type: string, message: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type, message } }));
      };
      if (req.url !== '/v1/messages' || req.method !== 'POST') return error(404, 'not_found_error', 'Not found');
      if (req.headers['x-api-key'] !== apiKey) return error(401, 'authentication_error', 'invalid x-api-key');
      if (!req.headers['anthropic-version'])
        return error(400, 'invalid_request_error', 'anthropic-version header is required');
      const body = JSON.parse(raw);
      requests.push({ headers: req.headers, body });
      if (typeof body.max_tokens !== 'number') return error(400, 'invalid_request_error', 'max_tokens: Field required');
      const lastUser = body.messages.filter((m: any) => m.role === 'user').at(-1)?.content?.[0]?.text ?? '';
      const words = `You said: ${lastUser}`.split(' ');
      const outputTokens = Math.min(words.length, body.max_tokens);
      const text = words.slice(0, outputTokens).join(' ');
      const stopReason = outputTokens < words.length ? 'max_tokens' : 'end_turn';
      const inputTokens = 11;
      const message = {
        id: 'msg_01StandIn',
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text }],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(message));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('message_start', {
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
      });
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      send('ping', { type: 'ping' });
      words.slice(0, outputTokens).forEach((w, i) =>
        send('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: (i ? ' ' : '') + w },
        }),
      );
      send('content_block_stop', { type: 'content_block_stop', index: 0 });
      send('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: outputTokens },
      });
      send('message_stop', { type: 'message_stop' });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A gateway whose one group, `claude`, is an Anthropic-provider target on a fresh stand-in (priced as Sonnet). */
export async function startGatewayOnAnthropic(): Promise<{ anthropic: AnthropicStandIn; f: GatewayFixture }> {
  const anthropic = await startAnthropicStandIn('sk-ant-standin');
  const f = await startGatewayFixture(({ endpoint, secrets }) => {
    endpoint('claude', anthropic.url, {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      apiKeyCipher: secrets.encrypt('sk-ant-standin'),
      inputCostPerToken: 3e-6,
      outputCostPerToken: 15e-6,
    });
    return {
      groups: [
        {
          name: 'claude',
          strategy: 'simple-shuffle',
          targets: [{ kind: 'endpoint', ref: 'claude', weight: 1, order: 0 }],
          fallbacks: [],
          contextWindowFallbacks: [],
        },
      ],
    };
  });
  return { anthropic, f };
}
