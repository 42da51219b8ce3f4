// The vLLM simulator's public surface: start one in process, parse vLLM's command line, run the
// `switchyard sim` command, and build the container image.
export type { SimulatorOptions, FailureType } from './options';
export { FAILURE_TYPES, DEFAULT_VLLM_VERSION } from './options';
export type { RunningSimulator } from './simulator';
export { startSimulator } from './simulator';
export { parseSimArgs, SimArgsError } from './args';
export { runSimCommand } from './command';
export { buildSimImage, SIM_IMAGE_TAG } from './image';
export type { BuildSimImageOptions } from './image';
