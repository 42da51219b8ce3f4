// Reasoning as vLLM's --reasoning-parser serves it: the model thinks first, inside its family's
// markers, and the parser moves that text to `reasoning` (and `reasoning_content`, which current
// vLLM still sends beside it), streamed before any content. The thinking tokens are real output
// tokens: they count in completion_tokens and in usage.completion_tokens_details.reasoning_tokens.
import { optBool, optObject } from './params';

/** --reasoning-parser names vLLM registers. */
export const REASONING_PARSERS = [
  'cohere_command3',
  'deepseek_r1',
  'deepseek_v3',
  'ernie45',
  'gemma4',
  'glm45',
  'glm47',
  'granite',
  'holo2',
  'hunyuan_a13b',
  'kimi_k2',
  'mimo',
  'minimax_m2',
  'minimax_m2_append_think',
  'mistral',
  'nemotron_v3',
  'olmo3',
  'openai_gptoss',
  'qwen3',
  'seed_oss',
  'step3',
] as const;

/** The markers around the thinking part of the model's text, per parser family. */
export function reasoningMarkers(parser: string): { open: string; close: string } {
  switch (parser) {
    case 'openai_gptoss':
      return { open: '<|channel|>analysis<|message|>', close: '<|end|><|start|>assistant<|channel|>final<|message|>' };
    case 'deepseek_r1':
      // R1's chat template already opened <think> in the prompt; the model writes only the close.
      return { open: '', close: '\n</think>\n\n' };
    case 'mistral':
      return { open: '[THINK]', close: '[/THINK]' };
    default:
      return { open: '<think>\n', close: '\n</think>\n\n' };
  }
}

/**
 * Whether this request thinks: a reasoning parser is set and the chat template was not told to
 * skip it (`chat_template_kwargs.enable_thinking: false`, or `thinking: false` for the templates
 * that use that name).
 */
export function thinkingEnabled(body: Record<string, unknown>, parser: string): boolean {
  if (!parser) return false;
  const kwargs = optObject(body, 'chat_template_kwargs');
  if (kwargs?.enable_thinking === false || kwargs?.thinking === false) return false;
  return true;
}

/** `include_reasoning: false` keeps the thinking tokens but leaves them out of the answer. */
export function includeReasoning(body: Record<string, unknown>): boolean {
  return optBool(body, 'include_reasoning') ?? true;
}
