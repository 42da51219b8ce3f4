// The vLLM simulator's public surface (the package `vllm-sim`): start one in process, parse vLLM's
// command line, run the `vllm-sim` command, build the container image, and the pieces other code
// reproduces vLLM with (its tokenizer and chat template, its parser names, the seeded PRNG).
export type { SimulatorOptions, FailureType } from './options';
export { FAILURE_TYPES, DEFAULT_VLLM_VERSION } from './options';
export type { RunningSimulator } from './simulator';
export { startSimulator } from './simulator';
export { parseSimArgs, SimArgsError } from './args';
export { runSimCommand } from './command';
export { HELP, USAGE } from './help';
export { buildSimImage, SIM_IMAGE_TAG } from './image';
export type { BuildSimImageOptions } from './image';
export { encode, decode, countTokens } from './tokenizer';
export { applyChatTemplate, parseMessages, type ChatMessage } from './chat-template';
export { REASONING_PARSERS } from './reasoning';
export { TOOL_CALL_PARSERS } from './tool-calls';
export { Prng } from './prng';
