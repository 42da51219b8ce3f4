// Tool calls as vLLM serves them: `tools` and `tool_choice` checked as vLLM's request model checks
// them, the decision whether this answer is a call (named or `required`: always, through guided
// decoding; `auto`: only with --enable-auto-tool-choice, when the user spoke last, so an agent's
// loop ends once a tool result comes back), which tool (seeded), its schema-valid arguments, and
// the text the model would write for it in its parser's format (counted as completion tokens).
import { randomHexId, VllmError } from './http-io';
import { type ValueHints, pythonJson, valueForSchema } from './json-schema-value';
import { Prng } from './prng';

/** --tool-call-parser names vLLM registers. */
export const TOOL_CALL_PARSERS = [
  'cohere_command3',
  'deepseek_v3',
  'deepseek_v31',
  'deepseek_v32',
  'ernie45',
  'functiongemma',
  'gigachat3',
  'glm45',
  'glm47',
  'granite',
  'granite-20b-fc',
  'hermes',
  'hunyuan_a13b',
  'internlm',
  'jamba',
  'kimi_k2',
  'llama3_json',
  'llama4_json',
  'llama4_pythonic',
  'longcat',
  'minimax',
  'minimax_m2',
  'mistral',
  'olmo3',
  'openai',
  'phi4_mini_json',
  'pythonic',
  'qwen3_coder',
  'qwen3_xml',
  'seed_oss',
  'step3',
  'xlam',
] as const;

export interface FunctionTool {
  name: string;
  description: string;
  parameters: unknown;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

export interface ToolRequest {
  tools: FunctionTool[];
  choice: ToolChoice;
}

export interface PlannedCall {
  id: string;
  name: string;
  /** The arguments as a JSON string, as `function.arguments` carries them. */
  arguments: string;
}

/** The model's text for a call: what precedes the arguments, the arguments, what follows. */
export interface CallText {
  head: string;
  args: string;
  tail: string;
}

function bodyError(loc: string, msg: string): VllmError {
  return new VllmError(400, `[{'type': 'value_error', 'loc': ('body',${loc}), 'msg': 'Value error, ${msg}'}]`);
}

/** `tools` and `tool_choice` of a chat request, validated; null when it offers no tools. */
export function parseToolRequest(body: Record<string, unknown>): ToolRequest | null {
  const raw = body.tools;
  let choice = body.tool_choice;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    throw new VllmError(
      400,
      `[{'type': 'list_type', 'loc': ('body', 'tools'), 'msg': 'Input should be a valid list'}]`,
      'BadRequestError',
      'tools',
    );
  }
  const tools = (raw ?? []).map((t: unknown, i: number): FunctionTool => {
    const fn = (t as { function?: { name?: unknown; description?: unknown; parameters?: unknown } } | null)?.function;
    if (!fn || typeof fn.name !== 'string' || !fn.name) {
      throw new VllmError(
        400,
        `[{'type': 'missing', 'loc': ('body', 'tools', ${i}, 'function', 'name'), 'msg': 'Field required'}]`,
        'BadRequestError',
        'tools',
      );
    }
    return {
      name: fn.name,
      description: typeof fn.description === 'string' ? fn.description : '',
      parameters: fn.parameters ?? { type: 'object', properties: {} },
    };
  });
  // vLLM (like OpenAI) defaults to "auto" when tools are offered without a tool_choice.
  if ((choice === undefined || choice === null) && tools.length) choice = 'auto';
  if (choice === undefined || choice === null || choice === 'none')
    return tools.length ? { tools, choice: 'none' } : null;
  if (!Array.isArray(raw)) throw bodyError('', 'When using `tool_choice`, `tools` must be set.');
  if (choice === 'auto' || choice === 'required') return { tools, choice };
  if (typeof choice !== 'object' || Array.isArray(choice)) {
    throw bodyError(
      '',
      `Invalid value for \`tool_choice\`: ${String(choice)}! Only named tools, "none", "auto" or "required" are supported.`,
    );
  }
  const fn = (choice as { function?: { name?: unknown } }).function;
  if (!fn) {
    throw bodyError(
      '',
      'Expected field `function` in `tool_choice`. Correct usage: `{"type": "function", "function": {"name": "my_function"}}`',
    );
  }
  if (typeof fn.name !== 'string' || !fn.name) {
    throw bodyError(
      '',
      'Expected field `name` in `function` in `tool_choice`. Correct usage: `{"type": "function", "function": {"name": "my_function"}}`',
    );
  }
  if (!tools.some((t) => t.name === fn.name)) {
    throw bodyError('', 'The tool specified in `tool_choice` does not match any of the specified `tools`');
  }
  return { tools, choice: { name: fn.name } };
}

/** vLLM's own 400 for "auto" without the server flags (named and required use guided decoding). */
export function checkAutoToolChoice(request: ToolRequest | null, enabled: boolean): void {
  if (request?.choice === 'auto' && !enabled) {
    throw new VllmError(400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set');
  }
}

/**
 * Which tools "auto" and "required" reach for first: those that only look (read, list, search),
 * then a shell (its command is `ls`), then anything that fetches; so an agent driven by the
 * simulator changes nothing on its machine.
 */
const PREFERRED: RegExp[] = [
  /(^|_)(read|list|ls|glob|grep|find|search)(_|$)|^(read|list|glob|grep|search)/i,
  /^(shell|bash|exec_command|local_shell)$/i,
  /get|view|fetch|lookup|query/i,
];

/**
 * The call this answer makes, or null for a text answer. `lastRole` is the role of the last
 * message: after a tool result, "auto" answers in words.
 */
export function planToolCall(
  request: ToolRequest | null,
  lastRole: string | undefined,
  seed: number,
  hints: ValueHints,
): PlannedCall | null {
  if (!request || request.choice === 'none' || !request.tools.length) return null;
  if (request.choice === 'auto' && lastRole !== 'user') return null;
  const prng = new Prng(seed ^ 0x7f4a7c15);
  let tool: FunctionTool | undefined;
  if (typeof request.choice === 'object') {
    const { name } = request.choice;
    tool = request.tools.find((t) => t.name === name);
  } else {
    const tier = PREFERRED.map((re) => request.tools.filter((t) => re.test(t.name))).find((p) => p.length);
    const pool = tier ?? request.tools;
    tool = pool[prng.int(0, pool.length - 1)];
  }
  if (!tool) return null;
  return {
    id: `chatcmpl-tool-${randomHexId()}`,
    name: tool.name,
    // Required arguments only: an agent's optional ones (timeouts, background runs, offsets)
    // change what a call does, and a model leaves them out unless asked.
    arguments: pythonJson(valueForSchema(tool.parameters, prng, { ...hints, optionalShare: 0 })),
  };
}

/**
 * What the model writes for a call under each parser's format. Formats whose arguments are not
 * JSON (qwen3_coder's XML, pythonic) are written as hermes writes them: the parser hides the
 * markup either way, and only the token count differs a little.
 */
export function callText(parser: string, call: PlannedCall, choice: ToolChoice): CallText {
  const name = JSON.stringify(call.name);
  // Guided decoding writes only what its grammar allows: the bare arguments for a named tool, a
  // list of {name, parameters} for "required".
  if (typeof choice === 'object') return { head: '', args: call.arguments, tail: '' };
  if (choice === 'required') return { head: `[{"name": ${name}, "parameters": `, args: call.arguments, tail: '}]' };
  switch (parser) {
    case 'llama3_json':
    case 'llama4_json':
      return { head: `{"name": ${name}, "parameters": `, args: call.arguments, tail: '}' };
    case 'mistral':
      return { head: `[TOOL_CALLS][{"name": ${name}, "arguments": `, args: call.arguments, tail: '}]' };
    case 'openai':
      return {
        head: `<|channel|>commentary to=functions.${call.name} <|constrain|>json<|message|>`,
        args: call.arguments,
        tail: '<|call|>',
      };
    default:
      return { head: `<tool_call>\n{"name": ${name}, "arguments": `, args: call.arguments, tail: '}\n</tool_call>' };
  }
}

/** The tools block a hermes-style chat template puts in the system turn (counted as prompt tokens). */
export function toolsPromptText(tools: readonly FunctionTool[]): string {
  if (!tools.length) return '';
  const lines = tools.map((t) =>
    pythonJson({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }),
  );
  return (
    '# Tools\n\nYou may call one or more functions to assist with the user query.\n\n' +
    'You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n' +
    `${lines.join('\n')}\n</tools>\n\n` +
    'For each function call, return a json object with function name and arguments within ' +
    '<tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>'
  );
}

/** An agent's working directory, when the conversation states one (Claude Code and Codex do). */
export function workingDirectoryIn(text: string): string | undefined {
  const m = /(?:working directory|cwd)\s*[:>]\s*(\/[^\s<]*)/i.exec(text);
  return m?.[1];
}
