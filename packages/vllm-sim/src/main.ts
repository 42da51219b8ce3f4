// Standalone entry of the simulator (bundled to one file for the container image and
// out/cli/vllm-sim.cjs): the arguments are vLLM's engine arguments.
import { runSimCommand } from './command';

void runSimCommand(process.argv.slice(2));
