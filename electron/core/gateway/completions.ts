// The OpenAI-compatible routes (chat, completions, embeddings, rerank) on the request pipeline
// (pipeline/run.ts), each with its inbound adapter (pipeline/openai-dialect.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from './auth';
import type { TargetRoute } from './pipeline/inbound';
import { openAiDialect } from './pipeline/openai-dialect';
import { runPipeline } from './pipeline/run';
import type { GatewayRuntime } from './runtime';

export type OpenAiRoute = TargetRoute;

const DIALECTS = {
  'chat/completions': openAiDialect('chat/completions'),
  completions: openAiDialect('completions'),
  embeddings: openAiDialect('embeddings'),
  rerank: openAiDialect('rerank'),
} as const;

export function handleCompletion(
  rt: GatewayRuntime,
  route: OpenAiRoute,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  requestId: string,
): Promise<void> {
  return runPipeline(rt, DIALECTS[route], req, res, principal, requestId);
}
