// The simulator's --help: vLLM's usage line, then the engine arguments it models and its own flags.
// Any other vLLM engine argument is accepted and ignored, so a real deploy's command line runs unchanged.
import { FAILURE_TYPES } from './options';

export const USAGE = 'usage: vllm serve [model_tag] [options]';

export const HELP = `${USAGE}

A vLLM-compatible OpenAI server with no GPU and no weights (vllm-sim): vLLM's routes, metrics,
log lines and errors, with answers generated from a seeded model of text.

positional arguments:
  model_tag                        the model to serve (default Qwen/Qwen3-0.6B; or --model)

engine arguments the simulator models (every other vLLM argument is accepted and ignored):
  --model NAME                     the model id, the root of each /v1/models card
  --served-model-name NAME [...]   names it is served under (default: the model)
  --host HOST                      default 0.0.0.0
  --port N                         default 8000
  --api-key KEY [...]              require a bearer key on /v1 (or VLLM_API_KEY)
  --max-model-len N                context length, tokens; 32k and 1M forms accepted (default 4096)
  --max-num-seqs N                 running requests at once (256)
  --max-num-batched-tokens N       tokens per engine step
  --num-gpu-blocks-override N      KV cache blocks
  --block-size N                   tokens per KV block (16)
  --enable-prefix-caching          (on for generate models; --no-enable-prefix-caching)
  --gpu-memory-utilization F       reported on the start-up lines (0.9)
  --kv-cache-dtype DTYPE           auto
  --runner auto|generate|pooling   pooling serves /v1/embeddings, /score and /rerank
  --convert embed                  the same as --runner pooling
  --seed N                         seeds generation and failure injection (0)
  --enable-auto-tool-choice        "auto" tool choice (needs --tool-call-parser)
  --tool-call-parser NAME          hermes, llama3_json, … (as vLLM's names)
  --reasoning-parser NAME          qwen3, deepseek_r1, … (answers carry reasoning)
  --enable-sleep-mode              with VLLM_SERVER_DEV_MODE=1: /sleep, /wake_up, /is_sleeping
  --enable-server-load-tracking    /load reports the requests in flight
  --enable-request-id-headers      X-Request-Id on every answer
  --enable-force-include-usage     usage on every streamed chunk
  --disable-uvicorn-access-log     no per-request log lines
  --disable-log-stats              no periodic throughput line

the simulator's own:
  --ttft-ms F                      fixed part of the time to first token, ms (20)
  --itl-ms F                       time per output token at batch size 1, ms (10; 0 with --ttft-ms 0 = instant)
  --itl-batch-factor F             how much a full batch slows each step (1 = twice as slow at max-num-seqs)
  --prefill-ms-per-token F         prefill cost per uncached prompt token, ms (0.02)
  --output-len-mean F              mean natural answer length, tokens (128)
  --startup-s F                    seconds of start-up phases before /health answers (0)
  --sleep-s F                      seconds POST /sleep takes to answer (0)
  --wake-up-s F                    seconds POST /wake_up takes; requests wait meanwhile (0)
  --failure-rate F                 share of inference requests (0–1) that fail (0)
  --failure-types T,...            which failures: ${FAILURE_TYPES.join(', ')}
  --crash-after N                  the engine dies (exit 1) after N requests
  --embedding-dim N                embedding width of a pooling model
  --vllm-version V                 what /version and the first log line report (0.13.0)
  --metrics-version V              the vLLM release whose metric names /metrics emits
  --stats-interval-s F             seconds between throughput lines (10; 0 = off)

A request header X-Return-Error: <status> forces an error answer with that status.
  -h, --help                       show this help and exit
`;
