// The pooling routes of an embedding model (`--runner pooling`, or a model whose name says
// embedding): /v1/embeddings, /score and /v1/score, /rerank, /v1/rerank and /v2/rerank. Each input
// is prefilled by the engine (it queues and holds KV blocks like any request); its vector is a
// deterministic bag of hashed tokens, so texts that share words are close, as with real models.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './context';
import { applyFailure } from './failures';
import { baseRequestId, nowSeconds, readJsonObject, sendJson, VllmError } from './http-io';
import { optInt, optBool } from './params';
import { hashInts, mix32, Prng } from './prng';
import { bindToResponse } from './run-lifecycle';
import type { Sequence } from './sequence';
import { encode, ENDOFTEXT_ID, isValidTokenId } from './tokenizer';

/** A unit vector of `dim` floats for these tokens. */
export function embedTokens(ids: readonly number[], dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (const id of ids) {
    const h = mix32(0x3c6ef372, id);
    for (let k = 0; k < 8; k++) {
      const r = mix32(h, k);
      v[r % dim] += r & 0x80000000 ? 1 : -1;
    }
  }
  const noise = new Prng(hashInts(ids));
  for (let j = 0; j < dim; j++) v[j] += 0.05 * noise.normal();
  let norm = 0;
  for (let j = 0; j < dim; j++) norm += v[j] * v[j];
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < dim; j++) v[j] /= norm;
  return v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot; // both are unit vectors
}

function parseInputs(raw: unknown, field: string): number[][] {
  const fromIds = (ids: unknown[]) => {
    if (!ids.every((id) => isValidTokenId(id as number)))
      throw new VllmError(400, `Token id out of vocabulary in ${field}.`, 'BadRequestError', field);
    return ids as number[];
  };
  if (typeof raw === 'string') return [encode(raw)];
  if (Array.isArray(raw) && raw.length) {
    if (raw.every((x) => typeof x === 'string')) return raw.map((x) => encode(x as string));
    if (raw.every((x) => typeof x === 'number')) return [fromIds(raw)];
    if (raw.every((x) => Array.isArray(x))) return raw.map((x) => fromIds(x as unknown[]));
  }
  throw new VllmError(
    400,
    `[{'type': 'missing', 'loc': ('body', '${field}'), 'msg': 'Field required'}]`,
    'BadRequestError',
    field,
  );
}

/** Runs every input through the engine; resolves when all are prefilled, null if the client left. */
function prefillAll(ctx: SimContext, res: ServerResponse, inputs: number[][]): Promise<boolean> {
  for (const ids of inputs) {
    if (ids.length > ctx.opts.maxModelLen) {
      throw new VllmError(
        400,
        `This model's maximum context length is ${ctx.opts.maxModelLen} tokens. However, you requested ${ids.length} tokens in the input for embedding generation. Please reduce the length of the input.`,
      );
    }
  }
  return new Promise((resolve) => {
    let pending = inputs.length;
    const seqs: Sequence[] = [];
    const settle = (ok: boolean) => {
      if (pending < 0) return;
      pending = -1;
      resolve(ok);
    };
    bindToResponse(ctx, res, {
      abort: () => {
        for (const s of seqs) ctx.engine.abort(s);
        settle(false);
      },
    });
    for (const ids of inputs) {
      seqs.push(
        ctx.engine.submit(
          {
            promptIds: ids,
            maxTokens: 0,
            minTokens: 0,
            naturalLength: 0,
            ignoreEos: false,
            eosTokenId: ENDOFTEXT_ID,
            seed: 0,
            maxTokensParam: null,
            n: 1,
          },
          {
            onToken: () => {},
            onFinish: (reason) => {
              if (reason === 'abort') settle(false);
              else if (--pending === 0) settle(true);
            },
          },
        ),
      );
    }
  });
}

function poolingUsage(inputs: number[][]) {
  const tokens = inputs.reduce((s, ids) => s + ids.length, 0);
  return { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0, prompt_tokens_details: null };
}

/** Draws a failure and answers it; true when the request is already answered. */
function failed(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  model: string,
  inputs: number[][],
): boolean {
  const failure = ctx.failures.draw(req);
  if (!failure) return false;
  applyFailure(failure, res, {
    model,
    promptTokens: inputs[0]?.length ?? 0,
    maxTokens: null,
    maxModelLen: ctx.opts.maxModelLen,
    stream: false,
  });
  return true;
}

export async function handleEmbeddings(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonObject(req);
  const model = ctx.modelName(body.model);
  const inputs = parseInputs(body.input, 'input');
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw new VllmError(
      400,
      `encoding_format must be 'float' or 'base64', got ${JSON.stringify(format)}.`,
      'BadRequestError',
      'encoding_format',
    );
  }
  const dim = ctx.opts.embeddingDim;
  const dimensions = optInt(body, 'dimensions', 1);
  if (dimensions !== undefined && dimensions > dim) {
    throw new VllmError(
      400,
      `dimensions must be at most ${dim} for ${model}, got ${dimensions}.`,
      'BadRequestError',
      'dimensions',
    );
  }
  if (failed(ctx, req, res, model, inputs)) return;
  const requestId = `embd-${baseRequestId(req)}`;
  const created = nowSeconds();
  if (!(await prefillAll(ctx, res, inputs))) return;
  const data = inputs.map((ids, index) => {
    let v = embedTokens(ids, dim);
    if (dimensions !== undefined && dimensions < dim) v = renormalize(v.subarray(0, dimensions));
    const embedding =
      format === 'base64' ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v);
    return { index, object: 'embedding', embedding };
  });
  sendJson(res, 200, { id: requestId, object: 'list', created, model, data, usage: poolingUsage(inputs) });
  ctx.noteServed();
}

function renormalize(v: Float32Array): Float32Array {
  const out = Float32Array.from(v);
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

export async function handleScore(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonObject(req);
  const model = ctx.modelName(body.model);
  const left = parseInputs(body.text_1 ?? body.queries, 'text_1');
  const right = parseInputs(body.text_2 ?? body.documents ?? body.items, 'text_2');
  if (left.length !== 1 && left.length !== right.length) {
    throw new VllmError(400, 'text_1 must be one text or as many texts as text_2.', 'BadRequestError', 'text_1');
  }
  const inputs = [...left, ...right];
  if (failed(ctx, req, res, model, inputs)) return;
  const requestId = `score-${baseRequestId(req)}`;
  const created = nowSeconds();
  if (!(await prefillAll(ctx, res, inputs))) return;
  const dim = ctx.opts.embeddingDim;
  const data = right.map((ids, index) => ({
    index,
    object: 'score',
    score: cosine(embedTokens(left.length === 1 ? left[0] : left[index], dim), embedTokens(ids, dim)),
  }));
  sendJson(res, 200, { id: requestId, object: 'list', created, model, data, usage: poolingUsage(inputs) });
  ctx.noteServed();
}

export async function handleRerank(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonObject(req);
  const model = ctx.modelName(body.model);
  if (typeof body.query !== 'string')
    throw new VllmError(
      400,
      `[{'type': 'missing', 'loc': ('body', 'query'), 'msg': 'Field required'}]`,
      'BadRequestError',
      'query',
    );
  if (!Array.isArray(body.documents))
    throw new VllmError(
      400,
      `[{'type': 'missing', 'loc': ('body', 'documents'), 'msg': 'Field required'}]`,
      'BadRequestError',
      'documents',
    );
  const texts = body.documents.map((d) =>
    typeof d === 'string'
      ? d
      : typeof (d as { text?: unknown })?.text === 'string'
        ? (d as { text: string }).text
        : null,
  );
  if (texts.some((t) => t === null))
    throw new VllmError(400, 'documents must be strings or objects with a text field.', 'BadRequestError', 'documents');
  const query = encode(body.query);
  const docs = (texts as string[]).map((t) => encode(t));
  const inputs = [query, ...docs];
  const topN = optInt(body, 'top_n', 0) || docs.length;
  const returnDocuments = optBool(body, 'return_documents') ?? true;
  if (failed(ctx, req, res, model, inputs)) return;
  const requestId = `rerank-${baseRequestId(req)}`;
  if (!(await prefillAll(ctx, res, inputs))) return;
  const dim = ctx.opts.embeddingDim;
  const q = embedTokens(query, dim);
  const results = docs
    .map((ids, index) => ({
      index,
      ...(returnDocuments ? { document: { text: (texts as string[])[index] } } : {}),
      relevance_score: cosine(q, embedTokens(ids, dim)),
    }))
    .sort((a, b) => b.relevance_score - a.relevance_score)
    .slice(0, topN);
  const total = inputs.reduce((s, ids) => s + ids.length, 0);
  sendJson(res, 200, { id: requestId, model, usage: { total_tokens: total }, results });
  ctx.noteServed();
}
