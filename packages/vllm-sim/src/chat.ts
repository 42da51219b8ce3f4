// POST /v1/chat/completions, with vLLM's response and chunk shapes (field for field, including
// the nulls vLLM writes), streaming with usage and continuous usage stats, n, stop and seed;
// tool calls, reasoning, structured outputs and logprobs as chat-answer.ts puts them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChatAnswers } from './chat-answer';
import { applyChatTemplate, parseMessages } from './chat-template';
import type { SimContext } from './context';
import { applyFailure } from './failures';
import { GenerationRun } from './generation';
import { baseRequestId, nowSeconds, readJsonObject, sendJson } from './http-io';
import { chatLogprobsRequest } from './logprobs';
import { optBool, optInt, samplingFields } from './params';
import { includeReasoning, thinkingEnabled } from './reasoning';
import { bindToResponse, choiceUsage, endGeneration, responseHeaders, usageOf } from './run-lifecycle';
import { SseStream } from './sse';
import { parseOutputConstraint } from './structured-output';
import { encode, IM_END_ID } from './tokenizer';
import { checkAutoToolChoice, parseToolRequest, workingDirectoryIn } from './tool-calls';

export async function handleChatCompletions(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const failure = ctx.failures.draw(req);
  const body = await readJsonObject(req);
  const model = ctx.modelName(body.model);
  const messages = parseMessages(body.messages, model);
  const maxTokens = optInt(body, 'max_completion_tokens', 1) ?? optInt(body, 'max_tokens', 1);
  const sampling = samplingFields(body, maxTokens, ctx.opts.enableForceIncludeUsage);
  const tools = parseToolRequest(body);
  checkAutoToolChoice(tools, ctx.opts.enableAutoToolChoice);
  const logprobs = chatLogprobsRequest(body);
  const prompt = applyChatTemplate(
    messages,
    optBool(body, 'add_generation_prompt') ?? true,
    optBool(body, 'continue_final_message') ?? false,
    tools?.tools,
  );
  const answers = new ChatAnswers({
    tools,
    constraint: parseOutputConstraint(body),
    thinkingParser: thinkingEnabled(body, ctx.opts.reasoningParser) ? ctx.opts.reasoningParser : '',
    showReasoning: includeReasoning(body),
    toolCallParser: ctx.opts.toolCallParser,
    lastRole: messages.at(-1)?.role,
    hints: { workingDirectory: workingDirectoryIn(prompt) },
    outputLenMean: ctx.opts.outputLenMean,
    logprobsTop: logprobs?.top ?? null,
  });
  // vLLM adds completion_tokens_details whenever a reasoning parser is configured.
  const withDetails = <T extends object>(usage: T, choices: Parameters<ChatAnswers['reasoningTokens']>[0]) =>
    ctx.opts.reasoningParser
      ? { ...usage, completion_tokens_details: { reasoning_tokens: answers.reasoningTokens(choices) } }
      : usage;
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

  const run = new GenerationRun(
    ctx,
    [{ ids }],
    sampling,
    IM_END_ID,
    {
      onDelta: stream
        ? (choice, delta, finishReason, tokenId) => {
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
            const message = answers.delta(choice, delta, finishReason !== null);
            // A token the parser holds back (markup) sends nothing, unless logprobs must show it.
            if (!message && logprobs === null) return;
            const out: Record<string, unknown> = {
              index: choice.index,
              delta: message ?? {},
              logprobs: logprobs ? { content: [answers.logprob(choice, tokenId, choice.tokens - 1)] } : null,
              finish_reason: answers.finishReason(finishReason, answers.calledInStream(choice)),
            };
            if (finishReason) out.stop_reason = choice.stopReason;
            stream.send(chunk([out], sampling.continuousUsage ? choiceUsage(choice) : undefined));
          }
        : undefined,
      onDone: (choices) => {
        if (endGeneration(res, run, stream, sampling.includeUsage, (usage) => chunk([], withDetails(usage, choices))))
          return;
        sendJson(
          res,
          200,
          {
            id: requestId,
            object: 'chat.completion',
            created,
            model,
            choices: choices.map((c) => {
              const { message, called } = answers.message(c);
              return {
                index: c.index,
                message,
                logprobs: answers.logprobs(c),
                finish_reason: answers.finishReason(c.finishReason, called),
                stop_reason: c.stopReason,
              };
            }),
            service_tier: null,
            system_fingerprint: null,
            usage: withDetails(usageOf(run), choices),
            prompt_logprobs: null,
            kv_transfer_params: null,
          },
          headers,
        );
      },
    },
    answers.planned ? answers.scriptFor : undefined,
  );
  bindToResponse(ctx, res, run);
  run.start();
}
