// The least a Node gateway can do: node:http in, undici out (pooled keep-alive), the JSON body
// parsed and re-serialised (as any gateway that reads `model` must), the response parsed (as any
// gateway that counts usage must), and nothing else. A streamed answer is piped through as it
// arrives, untouched. A calibration peer for the bench: what is left between it and nginx is
// Node's own cost, not Switchyard's.
// Usage: node bench/gateway/node-proxy.mjs PORT UPSTREAM_PORT
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const [port, upstreamPort] = process.argv.slice(2).map(Number);
const agent = new Agent({ connections: 512, keepAliveTimeout: 4_000 });
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const upstream = await request(`http://127.0.0.1:${upstreamPort}${req.url}`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (body.stream === true) {
    res.writeHead(upstream.statusCode, { 'content-type': upstream.headers['content-type'] ?? 'text/event-stream' });
    // pipeline respects back-pressure: a slow client pauses the upstream read.
    await pipeline(upstream.body, res).catch(() => res.destroy());
    return;
  }
  const text = await upstream.body.text();
  JSON.parse(text);
  res.writeHead(upstream.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
