// Standalone entry of the simulator: the `vllm-sim` bin runs it, and it is bundled to one file for the
// container image and out/cli/vllm-sim.cjs. The arguments are vLLM's engine arguments.
import { runSimCommand } from './command';

void runSimCommand(process.argv.slice(2));
