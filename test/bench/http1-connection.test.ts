// The bench's light HTTP/1.1 connection against a real socket server that writes answers byte by
// byte as the bench's servers may frame them: content-length, chunked, split anywhere.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Connection, postRequest } from '../../bench/gateway/http1-connection';

let server: Server | null = null;
const connections: Http1Connection[] = [];
const open = (port: number) => {
  const connection = new Http1Connection('127.0.0.1', port);
  connections.push(connection);
  return connection;
};

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that answers each request it reads with the next of `answers`, in `pieces` writes. */
async function serve(answers: string[], pieces = 1, seen: string[] = []): Promise<number> {
  server = createServer((socket: Socket) => {
    let next = 0;
    socket.on('data', async (data) => {
      seen.push(data.toString('utf8'));
      const answer = answers[next++];
      if (answer === undefined) return socket.destroy();
      const step = Math.ceil(answer.length / pieces);
      for (let at = 0; at < answer.length; at += step) {
        socket.write(answer.slice(at, at + step));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
}

const request = (port: number) =>
  postRequest(new URL(`http://127.0.0.1:${port}/v1/chat/completions`), { authorization: 'Bearer k' }, '{"a":"é"}');

describe('the bench load generator’s HTTP/1.1 connection', () => {
  it('sends the prepared request with its byte length and reads a content-length answer', async () => {
    const seen: string[] = [];
    const port = await serve(['HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n{"choices":1}'], 1, seen);
    const connection = open(port);
    const answer = await connection.request(request(port));
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('{"choices":1}');
    expect(seen.join('')).toContain('content-length: 10\r\n\r\n{"a":"é"}');
    expect(seen.join('')).toContain('authorization: Bearer k\r\n');
  });

  it('reassembles a chunked answer split across reads, then serves the next request on the same socket', async () => {
    const chunked = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"cho\r\nA\r\nices":[0]}\r\n0\r\n\r\n';
    const port = await serve([chunked, 'HTTP/1.1 429 Too Many\r\ncontent-length: 2\r\n\r\n{}'], 7);
    const connection = open(port);
    const first = await connection.request(request(port));
    expect(first.body.toString()).toBe('{"choices":[0]}');
    const second = await connection.request(request(port));
    expect(second.status).toBe(429);
    expect(connection.usable).toBe(true);
  });

  it('rejects a request whose answer the server cuts off, and is then unusable', async () => {
    const port = await serve(['HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"cho']);
    server!.on('connection', (socket) => socket.on('data', () => setTimeout(() => socket.destroy(), 20)));
    const connection = open(port);
    await expect(connection.request(request(port))).rejects.toThrow(/closed the connection/);
    expect(connection.usable).toBe(false);
    await expect(connection.request(request(port))).rejects.toThrow(/closed/);
  });
});
