// SSE framing byte by byte against vLLM's reference: role chunk, content chunks, the finish
// chunk (finish_reason and stop_reason), the usage chunk with empty choices, then [DONE].
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src';
import { startReadySim, readJson } from './support';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startReadySim({ servedModelNames: ['sse-model'] });
});

/** POSTs and returns the raw response: status, headers and the body bytes exactly as sent. */
function rawPost(
  path: string,
  body: unknown,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${sim.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function post(path: string, body: unknown) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return readJson(res);
}

/** The token strings of a text, as the simulator's tokenizer splits it. */
async function tokenStrings(text: string): Promise<string[]> {
  const t = await post('/tokenize', { prompt: text, return_token_strs: true });
  return t.token_strs;
}

describe('SSE framing', () => {
  it('streams chat exactly as vLLM frames it', async () => {
    const request = {
      model: 'sse-model',
      messages: [{ role: 'user', content: 'Say something.' }],
      max_tokens: 6,
      seed: 7,
    };
    const plain = await post('/v1/chat/completions', request);
    const res = await rawPost('/v1/chat/completions', {
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['transfer-encoding']).toBe('chunked');

    const text = res.body.toString('utf8');
    const first = JSON.parse(text.slice('data: '.length, text.indexOf('\n\n')));
    expect(first.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    const head = `"id":"${first.id}","object":"chat.completion.chunk","created":${first.created},"model":"sse-model"`;

    // The expected bytes, built from the reference: one content chunk per generated token.
    const finish = plain.choices[0].finish_reason as string;
    const deltas = await tokenStrings(plain.choices[0].message.content);
    if (finish === 'stop') deltas.push(''); // the end-of-sequence token carries no text
    expect(deltas.length).toBe(plain.usage.completion_tokens);
    let expected = `data: {${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`;
    deltas.forEach((d, i) => {
      const last = i === deltas.length - 1;
      const tail = last ? `"finish_reason":"${finish}","stop_reason":null` : '"finish_reason":null';
      expected += `data: {${head},"choices":[{"index":0,"delta":{"content":${JSON.stringify(d)}},"logprobs":null,${tail}}]}\n\n`;
    });
    const { prompt_tokens: p, completion_tokens: c } = plain.usage;
    expected += `data: {${head},"choices":[],"usage":{"prompt_tokens":${p},"completion_tokens":${c},"total_tokens":${p + c}}}\n\n`;
    expected += 'data: [DONE]\n\n';
    expect(text).toBe(expected);
  });

  it('streams completions with text chunks, stop_reason on each and no usage chunk unless asked', async () => {
    const request = { model: 'sse-model', prompt: 'Tell a story', max_tokens: 4, seed: 3, ignore_eos: true };
    const plain = await post('/v1/completions', request);
    const res = await rawPost('/v1/completions', { ...request, stream: true });
    const text = res.body.toString('utf8');
    const first = JSON.parse(text.slice('data: '.length, text.indexOf('\n\n')));
    expect(first.id).toMatch(/^cmpl-[0-9a-f]{32}$/);
    const head = `"id":"${first.id}","object":"text_completion","created":${first.created},"model":"sse-model"`;
    const deltas = await tokenStrings(plain.choices[0].text);
    expect(deltas).toHaveLength(4);
    let expected = '';
    deltas.forEach((d, i) => {
      const finish = i === 3 ? '"length"' : 'null';
      expected += `data: {${head},"choices":[{"index":0,"text":${JSON.stringify(d)},"logprobs":null,"finish_reason":${finish},"stop_reason":null}],"usage":null}\n\n`;
    });
    expected += 'data: [DONE]\n\n';
    expect(text).toBe(expected);
  });

  it('puts usage on every chunk with continuous_usage_stats', async () => {
    const res = await rawPost('/v1/chat/completions', {
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 3,
      ignore_eos: true,
      stream: true,
      stream_options: { include_usage: true, continuous_usage_stats: true },
    });
    const events = res.body.toString('utf8').split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(chunks).toHaveLength(1 + 3 + 1);
    expect(chunks.every((c) => c.usage && typeof c.usage.prompt_tokens === 'number')).toBe(true);
    expect(chunks.map((c) => c.usage.completion_tokens)).toEqual([0, 1, 2, 3, 3]);
  });

  it('streams one role chunk per choice before content when n > 1', async () => {
    const res = await rawPost('/v1/chat/completions', {
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 2,
      n: 2,
      ignore_eos: true,
      stream: true,
    });
    const chunks = res.body
      .toString('utf8')
      .split('\n\n')
      .filter((e) => e && e !== 'data: [DONE]')
      .map((e) => JSON.parse(e.slice(6)));
    expect(chunks.slice(0, 2).map((c) => [c.choices[0].index, c.choices[0].delta.role])).toEqual([
      [0, 'assistant'],
      [1, 'assistant'],
    ]);
    expect(
      chunks
        .filter((c) => c.choices[0].finish_reason === 'length')
        .map((c) => c.choices[0].index)
        .sort(),
    ).toEqual([0, 1]);
  });

  it('answers errors found before streaming as plain JSON, not SSE', async () => {
    const res = await rawPost('/v1/chat/completions', {
      model: 'other',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body.toString())).toEqual({
      error: { message: 'The model `other` does not exist.', type: 'NotFoundError', param: 'model', code: 404 },
    });
  });
});
