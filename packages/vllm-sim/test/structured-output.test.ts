// response_format and vLLM's structured_outputs through the official openai SDK: json_schema
// answers validate against their schema, json_object answers are objects, streamed or not.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from './schema-check';
import { readJson, startReadySim } from './support';

let client: OpenAI;
let url: string;

beforeAll(async () => {
  const sim = await startReadySim();
  url = sim.url;
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
});

const schema = {
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 2 },
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
    author: {
      type: 'object',
      properties: { name: { type: 'string' }, verified: { type: 'boolean' } },
      required: ['name', 'verified'],
    },
  },
  required: ['title', 'rating', 'tags', 'author'],
  additionalProperties: false,
};
const messages = [{ role: 'user' as const, content: 'Review the book.' }];
const responseFormat = { type: 'json_schema' as const, json_schema: { name: 'review', schema, strict: true } };

describe('structured outputs', () => {
  it('answers json_schema with JSON valid against the schema, for many seeds', async () => {
    for (let seed = 0; seed < 8; seed++) {
      const res = await client.chat.completions.create({
        model: 'Qwen/Qwen3-0.6B',
        messages,
        response_format: responseFormat,
        seed,
      });
      const value = JSON.parse(res.choices[0].message.content!);
      expect(schemaErrors(value, schema)).toEqual([]);
      expect(res.choices[0].finish_reason).toBe('stop');
    }
  });

  it('streams the same JSON', async () => {
    const stream = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      response_format: responseFormat,
      seed: 9,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(schemaErrors(JSON.parse(text), schema)).toEqual([]);
    const plain = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      response_format: responseFormat,
      seed: 9,
    });
    expect(text).toBe(plain.choices[0].message.content);
  });

  it("answers json_object with an object, and vLLM's structured_outputs choice with one of them", async () => {
    const res = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      response_format: { type: 'json_object' },
    });
    const value = JSON.parse(res.choices[0].message.content!);
    expect(typeof value).toBe('object');
    expect(Array.isArray(value)).toBe(false);
    const choice = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      // @ts-expect-error vLLM's extension of the request
      structured_outputs: { choice: ['yes', 'no'] },
    });
    expect(['yes', 'no']).toContain(choice.choices[0].message.content);
  });

  it('refuses a json_schema format without its schema, saying what is missing', async () => {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages, response_format: { type: 'json_schema' } }),
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toMatch(/json_schema field/);
  });
});
