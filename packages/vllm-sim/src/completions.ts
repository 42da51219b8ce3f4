// POST /v1/completions, with vLLM's shapes: a prompt may be a string, strings, token ids or lists
// of token ids (one choice group per prompt), `echo` prepends the prompt, streams end in [DONE].
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './context';
import { applyFailure } from './failures';
import { GenerationRun, type ChoiceState, type PromptInput } from './generation';
import { baseRequestId, nowSeconds, readJsonObject, sendJson, VllmError } from './http-io';
import { completionChoiceLogprobs, completionChunkLogprobs, completionLogprobsRequest } from './logprobs';
import { optBool, optInt, samplingFields } from './params';
import { bindToResponse, choiceUsage, endGeneration, responseHeaders, usageOf } from './run-lifecycle';
import { SseStream } from './sse';
import { decode, encode, ENDOFTEXT_ID, isValidTokenId } from './tokenizer';

/** Prompts as token ids, from any of the four shapes the OpenAI completions API accepts. */
const COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

export function parsePrompts(raw: unknown): PromptInput[] {
  const fromIds = (ids: unknown[]): PromptInput => {
    if (!ids.every((id) => isValidTokenId(id as number)))
      throw new VllmError(400, 'Token id out of vocabulary in prompt.', 'BadRequestError', 'prompt');
    return { ids: ids as number[] };
  };
  let prompts: PromptInput[];
  if (typeof raw === 'string') prompts = [{ ids: encode(raw) }];
  else if (Array.isArray(raw) && raw.length && raw.every((p) => typeof p === 'string'))
    prompts = raw.map((p) => ({ ids: encode(p as string) }));
  else if (Array.isArray(raw) && raw.length && raw.every((p) => typeof p === 'number')) prompts = [fromIds(raw)];
  else if (Array.isArray(raw) && raw.length && raw.every((p) => Array.isArray(p)))
    prompts = raw.map((p) => fromIds(p as unknown[]));
  else
    throw new VllmError(
      400,
      'Either prompt or prompt_embeds must be provided and non-empty.',
      'BadRequestError',
      'prompt',
    );
  if (prompts.some((p) => p.ids.length === 0))
    throw new VllmError(400, 'Prompt cannot be empty', 'BadRequestError', 'prompt');
  return prompts;
}

export async function handleCompletions(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const failure = ctx.failures.draw(req);
  const body = await readJsonObject(req);
  const model = ctx.modelName(body.model);
  const prompts = parsePrompts(body.prompt);
  // vLLM's CompletionRequest: max_tokens defaults to 16 when absent; an explicit null means "up to
  // the remaining context"; max_completion_tokens is not a field of this route and is ignored.
  const maxTokens = body.max_tokens === undefined ? COMPLETIONS_DEFAULT_MAX_TOKENS : optInt(body, 'max_tokens', 1);
  const sampling = samplingFields(body, maxTokens, ctx.opts.enableForceIncludeUsage);
  const echo = optBool(body, 'echo') ?? false;
  const logprobs = completionLogprobsRequest(body);
  for (const p of prompts) ctx.checkContextLength(p.ids.length, sampling.maxTokens);

  const requestId = `cmpl-${baseRequestId(req)}`;
  const created = nowSeconds();
  const headers = responseHeaders(ctx, requestId);
  let resetAfter: number | null = null;
  if (failure) {
    const outcome = applyFailure(failure, res, {
      model,
      promptTokens: prompts[0].ids.length,
      maxTokens: sampling.maxTokens,
      maxModelLen: ctx.opts.maxModelLen,
      stream: sampling.stream,
    });
    if (outcome === 'answered') return;
    resetAfter = 2;
  }

  const promptText = (c: ChoiceState) => (echo ? decode(prompts[Math.floor(c.index / sampling.n)].ids) : '');
  const stream = sampling.stream ? new SseStream(res, headers, resetAfter) : null;
  const echoed = new Set<number>();
  const chunk = (choices: unknown[], usage: unknown = null) => ({
    id: requestId,
    object: 'text_completion',
    created,
    model,
    choices,
    usage,
  });

  const run = new GenerationRun(ctx, prompts, sampling, ENDOFTEXT_ID, {
    onDelta: stream
      ? (choice, delta, finishReason, tokenId) => {
          let text = delta;
          if (echo && !echoed.has(choice.index)) {
            echoed.add(choice.index);
            text = promptText(choice) + text;
          }
          const usage = sampling.continuousUsage ? choiceUsage(choice) : null;
          stream.send(
            chunk(
              [
                {
                  index: choice.index,
                  text,
                  logprobs: logprobs
                    ? completionChunkLogprobs(
                        choice,
                        tokenId,
                        logprobs.top,
                        promptText(choice).length + choice.text.length - delta.length,
                      )
                    : null,
                  finish_reason: finishReason,
                  stop_reason: finishReason ? choice.stopReason : null,
                },
              ],
              usage,
            ),
          );
        }
      : undefined,
    onDone: (choices) => {
      if (endGeneration(res, run, stream, sampling.includeUsage, (usage) => chunk([], usage))) return;
      sendJson(
        res,
        200,
        {
          id: requestId,
          object: 'text_completion',
          created,
          model,
          choices: choices.map((c) => ({
            index: c.index,
            text: promptText(c) + c.text,
            logprobs: logprobs ? completionChoiceLogprobs(c, logprobs.top, promptText(c).length) : null,
            finish_reason: c.finishReason,
            stop_reason: c.stopReason,
            prompt_logprobs: null,
          })),
          service_tier: null,
          system_fingerprint: null,
          usage: usageOf(run),
          kv_transfer_params: null,
        },
        headers,
      );
    },
  });
  bindToResponse(ctx, res, run);
  run.start();
}
