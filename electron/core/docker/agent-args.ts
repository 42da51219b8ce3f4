// The vLLM arguments a deployment "for agents" needs: tool calls work only with
// --enable-auto-tool-choice and the parser for the model's tool-call format, and a thinking model
// needs its reasoning parser, or agents (Claude Code, Codex) fail on their first request. The
// parsers come from the spec, else the catalog, else the model's family name. Pure.
import type { DeploymentSpec } from '../../../shared/deployment-schemas';
import { ApiError } from '../errors';
import { findCatalogModel } from './catalog';

/** Tool-call formats by model family, for models the catalog does not list (first match wins). */
const TOOL_PARSER_BY_NAME: [RegExp, string][] = [
  [/qwen3-coder/i, 'qwen3_coder'],
  [/qwen|qwq|hermes/i, 'hermes'],
  [/llama-?4/i, 'llama4_pythonic'],
  [/llama-?3/i, 'llama3_json'],
  [/mistral|mixtral|devstral|magistral|ministral/i, 'mistral'],
  [/gpt-oss/i, 'openai'],
  [/deepseek-v3\.1/i, 'deepseek_v31'],
  [/deepseek-v3/i, 'deepseek_v3'],
  [/glm-?4\.[56]/i, 'glm45'],
  [/kimi-k2/i, 'kimi_k2'],
  [/granite/i, 'granite'],
  [/minimax-m2/i, 'minimax_m2'],
  [/phi-4-mini/i, 'phi4_mini_json'],
  [/gemma-?3/i, 'pythonic'],
];

/** Thinking models by family name; Qwen3's 2507 Instruct releases do not think. */
const REASONING_PARSER_BY_NAME: [RegExp, string][] = [
  [/qwen3-.*instruct-2507|qwen3-coder/i, ''],
  [/qwen3|qwq/i, 'qwen3'],
  [/deepseek-r1/i, 'deepseek_r1'],
  [/glm-?4\.[56]/i, 'glm45'],
  [/magistral/i, 'mistral'],
];

const lookup = (table: [RegExp, string][], model: string) => table.find(([re]) => re.test(model))?.[1] || undefined;

export interface AgentParsers {
  toolCallParser: string;
  reasoningParser?: string;
}

/** The parsers a spec deploys with for agents; throws with what to do when none is known. */
export function agentParsers(spec: Pick<DeploymentSpec, 'model' | 'toolCallParser' | 'reasoningParser'>): AgentParsers {
  const catalog = findCatalogModel(spec.model);
  const toolCallParser =
    spec.toolCallParser ?? catalog?.toolCallParser ?? (catalog ? undefined : lookup(TOOL_PARSER_BY_NAME, spec.model));
  if (!toolCallParser) {
    const message = `No vLLM tool-call parser is known for ${spec.model}: set toolCallParser (hermes, llama3_json, mistral, openai, qwen3_coder, …) as its model card says, or deploy it without "for agents".`;
    throw new ApiError('invalid_input', message, [{ path: 'spec.toolCallParser', message }]);
  }
  const reasoningParser =
    spec.reasoningParser ?? (catalog ? catalog.reasoningParser : lookup(REASONING_PARSER_BY_NAME, spec.model));
  return reasoningParser ? { toolCallParser, reasoningParser } : { toolCallParser };
}

const given = (args: readonly string[], flag: string) => args.some((a) => a === flag || a.startsWith(`${flag}=`));

/** The flags to append to the engine arguments ([] unless for agents); never repeats one given. */
export function agentEngineArgs(spec: DeploymentSpec): string[] {
  if (!spec.forAgents) return [];
  const { toolCallParser, reasoningParser } = agentParsers(spec);
  const out: string[] = [];
  if (!given(spec.engineArgs, '--enable-auto-tool-choice')) out.push('--enable-auto-tool-choice');
  if (!given(spec.engineArgs, '--tool-call-parser')) out.push('--tool-call-parser', toolCallParser);
  if (reasoningParser && !given(spec.engineArgs, '--reasoning-parser')) out.push('--reasoning-parser', reasoningParser);
  return out;
}
