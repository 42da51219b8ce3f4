// Chat messages → prompt text, with a ChatML template (Qwen's), so chat prompt token counts
// include the template's special tokens as on vLLM, and /tokenize with `messages` agrees. Offered
// tools go into the system turn and earlier tool calls and results into their turns, as Qwen's
// (hermes-style) template writes them: an agent's tools are a large part of its prompt.
import { VllmError } from './http-io';
import { pythonJson } from './json-schema-value';
import { type FunctionTool, toolsPromptText } from './tool-calls';

export interface ChatMessage {
  role: string;
  content: string;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function messageError(index: number, msg: string): VllmError {
  return new VllmError(
    400,
    `[{'type': 'value_error', 'loc': ('body', 'messages', ${index}), 'msg': '${msg}'}]`,
    'BadRequestError',
    'messages',
  );
}

function contentText(content: unknown, index: number, model: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw messageError(index, 'content should be a string or a list of content parts');
  let text = '';
  for (const part of content) {
    const p = part as { type?: unknown; text?: unknown };
    if ((p?.type === 'text' || p?.type === 'input_text') && typeof p.text === 'string') {
      text += (text ? '\n' : '') + p.text;
    } else if (typeof p?.type === 'string') {
      throw new VllmError(400, `${model} is not a multimodal model: content of type '${p.type}' is not supported.`);
    } else {
      throw messageError(index, 'each content part needs a type');
    }
  }
  return text;
}

export function parseMessages(raw: unknown, model: string): ChatMessage[] {
  if (!Array.isArray(raw)) {
    throw new VllmError(
      400,
      `[{'type': 'missing', 'loc': ('body', 'messages'), 'msg': 'Field required'}]`,
      'BadRequestError',
      'messages',
    );
  }
  return raw.map((m, index) => {
    const message = m as { role?: unknown; content?: unknown };
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string') {
      throw messageError(index, 'each message needs a role');
    }
    if (!ROLES.has(message.role)) throw messageError(index, `unknown role '${message.role}'`);
    let content = contentText(message.content, index, model);
    if (message.role === 'tool') content = `<tool_response>\n${content}\n</tool_response>`;
    const calls = (m as { tool_calls?: unknown }).tool_calls;
    if (message.role === 'assistant' && Array.isArray(calls)) {
      for (const c of calls) {
        const fn = (c as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
        if (!fn) throw messageError(index, 'each tool call needs a function');
        content += `${content ? '\n' : ''}<tool_call>\n{"name": ${JSON.stringify(String(fn.name ?? ''))}, "arguments": ${argumentsText(fn.arguments)}}\n</tool_call>`;
      }
    }
    return { role: message.role, content };
  });
}

function argumentsText(args: unknown): string {
  if (typeof args !== 'string') return pythonJson(args ?? {});
  try {
    return pythonJson(JSON.parse(args));
  } catch {
    return args;
  }
}

/**
 * `add_generation_prompt` opens the assistant turn; `continue_final_message` leaves the last
 * message open instead (vLLM forbids both at once).
 */
export function applyChatTemplate(
  messages: readonly ChatMessage[],
  addGenerationPrompt = true,
  continueFinal = false,
  tools: readonly FunctionTool[] = [],
): string {
  if (addGenerationPrompt && continueFinal) {
    throw new VllmError(400, 'Cannot set both `continue_final_message` and `add_generation_prompt` to True.');
  }
  let prompt = '';
  let turns = messages;
  const toolsText = toolsPromptText(tools);
  if (toolsText) {
    const first = messages[0];
    const system = first && (first.role === 'system' || first.role === 'developer') ? first : null;
    prompt += `<|im_start|>system\n${system ? `${system.content}\n\n` : ''}${toolsText}<|im_end|>\n`;
    if (system) turns = messages.slice(1);
  }
  turns.forEach((m, i) => {
    const role = m.role === 'developer' ? 'system' : m.role;
    prompt += `<|im_start|>${role}\n${m.content}`;
    if (!(continueFinal && i === turns.length - 1)) prompt += '<|im_end|>\n';
  });
  if (addGenerationPrompt) prompt += '<|im_start|>assistant\n';
  return prompt;
}
