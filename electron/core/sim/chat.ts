// POST /v1/chat/completions, with vLLM's response and chunk shapes (field for field, including
// the nulls vLLM writes), streaming with usage and continuous usage stats, n, stop and seed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyChatTemplate, parseMessages } from './chat-template';
import type { SimContext } from './context';
import { applyFailure } from './failures';
import { GenerationRun } from './generation';
import { baseRequestId, nowSeconds, readJsonObject, sendJson, VllmError } from './http-io';
import { optBool, optInt, samplingFields } from './params';
import { bindToResponse, choiceUsage, endGeneration, responseHeaders, usageOf } from './run-lifecycle';
import { SseStream } from './sse';
import { encode, IM_END_ID } from './tokenizer';

export async function handleChatCompletions(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const failure = ctx.failures.draw(req);
  const body = await readJsonObject(req);
  const model = ctx.modelName(body.model);
  const messages = parseMessages(body.messages, model);
  const maxTokens = optInt(body, 'max_completion_tokens', 1) ?? optInt(body, 'max_tokens', 1);
  const sampling = samplingFields(body, maxTokens, ctx.opts.enableForceIncludeUsage);
  if (body.tool_choice === 'auto' && !ctx.opts.enableAutoToolChoice) {
    throw new VllmError(400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set');
  }
  const prompt = applyChatTemplate(
    messages,
    optBool(body, 'add_generation_prompt') ?? true,
    optBool(body, 'continue_final_message') ?? false,
  );
  const ids = encode(prompt);
  ctx.checkContextLength(ids.length, sampling.maxTokens);

  const requestId = `chatcmpl-${baseRequestId(req)}`;
  const created = nowSeconds();
  const headers = responseHeaders(ctx, requestId);
  let resetAfter: number | null = null;
  if (failure) {
    const outcome = applyFailure(failure, res, {
      model,
      promptTokens: ids.length,
      maxTokens: sampling.maxTokens,
      maxModelLen: ctx.opts.maxModelLen,
      stream: sampling.stream,
    });
    if (outcome === 'answered') return;
    resetAfter = 3; // role chunk, then a couple of tokens, then the connection drops
  }

  const chunk = (choices: unknown[], usage?: unknown) => {
    const c: Record<string, unknown> = { id: requestId, object: 'chat.completion.chunk', created, model, choices };
    if (usage !== undefined) c.usage = usage;
    return c;
  };
  const stream = sampling.stream ? new SseStream(res, headers, resetAfter) : null;

  const run = new GenerationRun(ctx, [{ ids }], sampling, IM_END_ID, {
    onDelta: stream
      ? (choice, delta, finishReason) => {
          if (!stream.isStarted) {
            // vLLM's first iteration: one role chunk per choice before any content.
            for (const c of run.choices) {
              const role = {
                index: c.index,
                delta: { role: 'assistant', content: '' },
                logprobs: null,
                finish_reason: null,
              };
              stream.send(
                chunk(
                  [role],
                  sampling.continuousUsage
                    ? { prompt_tokens: c.promptTokens, completion_tokens: 0, total_tokens: c.promptTokens }
                    : undefined,
                ),
              );
            }
          }
          const out: Record<string, unknown> = {
            index: choice.index,
            delta: { content: delta },
            logprobs: null,
            finish_reason: finishReason,
          };
          if (finishReason) out.stop_reason = choice.stopReason;
          stream.send(chunk([out], sampling.continuousUsage ? choiceUsage(choice) : undefined));
        }
      : undefined,
    onDone: (choices) => {
      if (endGeneration(res, run, stream, sampling.includeUsage, (usage) => chunk([], usage))) return;
      sendJson(
        res,
        200,
        {
          id: requestId,
          object: 'chat.completion',
          created,
          model,
          choices: choices.map((c) => ({
            index: c.index,
            message: {
              role: 'assistant',
              content: c.text,
              refusal: null,
              annotations: null,
              audio: null,
              function_call: null,
              tool_calls: [],
              reasoning_content: null,
            },
            logprobs: null,
            finish_reason: c.finishReason,
            stop_reason: c.stopReason,
          })),
          service_tier: null,
          system_fingerprint: null,
          usage: usageOf(run),
          prompt_logprobs: null,
          kv_transfer_params: null,
        },
        headers,
      );
    },
  });
  bindToResponse(ctx, res, run);
  run.start();
}
