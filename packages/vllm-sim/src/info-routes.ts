// The routes around inference: /v1/models, /tokenize, /detokenize, /version, /load, /metrics,
// and the dev-mode sleep routes (/sleep, /wake_up, /is_sleeping, /reset_prefix_cache).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { URL } from 'node:url';
import { applyChatTemplate, parseMessages } from './chat-template';
import { parseToolRequest } from './tool-calls';
import type { SimContext } from './context';
import { nowSeconds, randomHexId, readJsonObject, sendEmpty, sendJson, VllmError } from './http-io';
import { optBool } from './params';
import { PROMETHEUS_CONTENT_TYPE } from './prom-text';
import { decode, encode, isValidTokenId, tokenString } from './tokenizer';
import { vllmLine } from './vllm-log';

export function handleModels(ctx: SimContext, _req: IncomingMessage, res: ServerResponse): void {
  const created = nowSeconds();
  sendJson(res, 200, {
    object: 'list',
    data: ctx.opts.servedModelNames.map((name) => ({
      id: name,
      object: 'model',
      created,
      owned_by: 'vllm',
      root: ctx.opts.model,
      parent: null,
      max_model_len: ctx.opts.maxModelLen,
      permission: [
        {
          id: `modelperm-${randomHexId()}`,
          object: 'model_permission',
          created,
          allow_create_engine: false,
          allow_sampling: true,
          allow_logprobs: true,
          allow_search_indices: false,
          allow_view: true,
          allow_fine_tuning: false,
          organization: '*',
          group: null,
          is_blocking: false,
        },
      ],
    })),
  });
}

export async function handleTokenize(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonObject(req);
  const model = ctx.modelName(body.model);
  let text: string;
  if (body.messages !== undefined) {
    text = applyChatTemplate(
      parseMessages(body.messages, model),
      optBool(body, 'add_generation_prompt') ?? true,
      optBool(body, 'continue_final_message') ?? false,
      parseToolRequest(body)?.tools,
    );
  } else if (typeof body.prompt === 'string') {
    text = body.prompt;
  } else {
    throw new VllmError(
      400,
      `[{'type': 'missing', 'loc': ('body', 'prompt'), 'msg': 'Field required'}]`,
      'BadRequestError',
      'prompt',
    );
  }
  const tokens = encode(text);
  sendJson(res, 200, {
    count: tokens.length,
    max_model_len: ctx.opts.maxModelLen,
    tokens,
    token_strs: optBool(body, 'return_token_strs') ? tokens.map(tokenString) : null,
  });
}

export async function handleDetokenize(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJsonObject(req);
  ctx.modelName(body.model);
  const tokens = body.tokens;
  if (!Array.isArray(tokens) || !tokens.every((t) => Number.isInteger(t))) {
    throw new VllmError(
      400,
      `[{'type': 'list_type', 'loc': ('body', 'tokens'), 'msg': 'Input should be a valid list'}]`,
      'BadRequestError',
      'tokens',
    );
  }
  const bad = (tokens as number[]).find((t) => !isValidTokenId(t));
  if (bad !== undefined) throw new VllmError(400, `Token id ${bad} is out of vocabulary`, 'BadRequestError', 'tokens');
  sendJson(res, 200, { prompt: decode(tokens as number[]) });
}

export function handleVersion(ctx: SimContext, _req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, { version: ctx.opts.vllmVersion });
}

export function handleLoad(ctx: SimContext, _req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, { server_load: ctx.opts.enableServerLoadTracking ? ctx.inFlight : 0 });
}

export function handleMetrics(ctx: SimContext, _req: IncomingMessage, res: ServerResponse, extra: () => string): void {
  const text = ctx.metrics.render() + extra();
  res.writeHead(200, {
    server: 'uvicorn',
    'content-type': PROMETHEUS_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function handleHealth(ctx: SimContext, _req: IncomingMessage, res: ServerResponse): void {
  sendEmpty(res, ctx.dead ? 503 : 200);
}

/** Resolves after `s` seconds: how long a simulated sleep or wake takes. */
const takes = (s: number) => new Promise<void>((resolve) => setTimeout(resolve, s * 1000));

/** A wake-up under way: a second /wake_up waits for the same one. */
const waking = new WeakMap<SimContext, Promise<void>>();

export async function handleSleep(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!ctx.opts.enableSleepMode) {
    throw new VllmError(
      500,
      'Sleep mode is not enabled: start the engine with --enable-sleep-mode.',
      'InternalServerError',
    );
  }
  const level = new URL(req.url ?? '/', 'http://sim').searchParams.get('level') ?? '1';
  if (level !== '1' && level !== '2') throw new VllmError(400, `level must be 1 or 2, got ${level}`);
  // The engine stops at once; the answer comes when the weights are "offloaded" (--sleep-s).
  ctx.engine.sleep(level === '1' ? 1 : 2);
  await takes(ctx.opts.sleepS);
  const freed =
    ctx.opts.card.weightsGiB + (ctx.opts.numGpuBlocks * ctx.opts.blockSize * ctx.opts.card.kvBytesPerToken) / 2 ** 30;
  ctx.opts.log(
    vllmLine(
      'INFO',
      'gpu_worker.py:117',
      `Sleep mode freed ${freed.toFixed(2)} GiB memory, 0.52 GiB memory is still in use.`,
      'EngineCore_DP0',
    ),
  );
  ctx.opts.log(
    vllmLine(
      'INFO',
      'executor_base.py:189',
      `It took ${ctx.opts.sleepS.toFixed(2)} seconds to fall asleep.`,
      'EngineCore_DP0',
    ),
  );
  sendEmpty(res);
}

/** Wakes the engine after --wake-up-s (requests keep waiting until then), then answers. */
export async function handleWakeUp(ctx: SimContext, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  let wake = waking.get(ctx);
  if (!wake && ctx.engine.sleeping !== 0) {
    wake = takes(ctx.opts.wakeUpS).then(() => {
      waking.delete(ctx);
      ctx.engine.wakeUp();
      ctx.opts.log(
        vllmLine(
          'INFO',
          'executor_base.py:205',
          `It took ${ctx.opts.wakeUpS.toFixed(2)} seconds to wake up tags {'kv_cache', 'weights'}.`,
          'EngineCore_DP0',
        ),
      );
    });
    waking.set(ctx, wake);
  }
  if (wake) await wake;
  sendEmpty(res);
}

export function handleIsSleeping(ctx: SimContext, _req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 200, { is_sleeping: ctx.engine.sleeping !== 0 });
}

export function handleResetPrefixCache(ctx: SimContext, _req: IncomingMessage, res: ServerResponse): void {
  ctx.engine.resetPrefixCache();
  sendEmpty(res);
}
