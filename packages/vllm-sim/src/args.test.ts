import { describe, expect, it } from 'vitest';
import { parseSimArgs, SimArgsError } from './args';

describe('parseSimArgs (vLLM engine arguments)', () => {
  it('takes the model positionally or from --model, and vLLM-style values', () => {
    const o = parseSimArgs(
      [
        'Qwen/Qwen3-0.6B',
        '--max-model-len',
        '2048',
        '--max-num-seqs=8',
        '--block-size',
        '32',
        '--gpu-memory-utilization',
        '0.85',
      ],
      {},
    );
    expect(o).toMatchObject({
      model: 'Qwen/Qwen3-0.6B',
      maxModelLen: 2048,
      maxNumSeqs: 8,
      blockSize: 32,
      gpuMemoryUtilization: 0.85,
      port: 8000,
    });
    expect(parseSimArgs(['--model', 'meta-llama/Llama-3.1-8B-Instruct'], {}).model).toBe(
      'meta-llama/Llama-3.1-8B-Instruct',
    );
    expect(parseSimArgs(['serve', 'm'], {}).model).toBe('m');
  });

  it('collects several served model names and repeated API keys', () => {
    const o = parseSimArgs(
      ['m', '--served-model-name', 'a', 'b', '--api-key', 'k1', '--api-key', 'k2', '--port', '9000'],
      {},
    );
    expect(o.servedModelNames).toEqual(['a', 'b']);
    expect(o.apiKeys).toEqual(['k1', 'k2']);
    expect(o.port).toBe(9000);
  });

  it('accepts every other engine argument and ignores it, flags and values alike', () => {
    const o = parseSimArgs(
      [
        'm',
        '--tensor-parallel-size',
        '2',
        '--trust-remote-code',
        '--enforce-eager',
        '--dtype',
        'bfloat16',
        '--quantization',
        'awq',
        '--kv-cache-dtype',
        'fp8',
        '-tp',
        '2',
        '--compilation-config',
        '{"level": 3}',
        '--max-num-seqs',
        '4',
      ],
      {},
    );
    expect(o.maxNumSeqs).toBe(4);
    expect(o.kvCacheDtype).toBe('fp8');
    expect(o.nonDefaultArgs).toMatchObject({
      tensor_parallel_size: 2,
      trust_remote_code: true,
      enforce_eager: true,
      dtype: 'bfloat16',
    });
  });

  it('refuses --task with vLLM\'s "unrecognized arguments" error', () => {
    expect(() => parseSimArgs(['m', '--task', 'embed'], {})).toThrowError('unrecognized arguments: --task embed');
    expect(() => parseSimArgs(['m', '--task=generate'], {})).toThrowError(SimArgsError);
  });

  it('reports an invalid number the way argparse does', () => {
    expect(() => parseSimArgs(['m', '--max-num-seqs', 'lots'], {})).toThrowError(
      "argument --max-num-seqs: invalid int value: 'lots'",
    );
    expect(() => parseSimArgs(['m', '--failure-types', 'meteor'], {})).toThrowError(/invalid choice: 'meteor'/);
  });

  it('understands human sizes and boolean-optional flags', () => {
    expect(parseSimArgs(['m', '--max-model-len', '32k'], {}).maxModelLen).toBe(32000);
    expect(parseSimArgs(['m', '--max-model-len', '1K'], {}).maxModelLen).toBe(1024);
    expect(parseSimArgs(['m', '--no-enable-prefix-caching'], {}).enablePrefixCaching).toBe(false);
    expect(parseSimArgs(['m', '--enable-sleep-mode'], {}).enableSleepMode).toBe(true);
  });

  it('reads VLLM_API_KEY and VLLM_SERVER_DEV_MODE from the environment', () => {
    const o = parseSimArgs(['m'], { VLLM_API_KEY: 'sk-env', VLLM_SERVER_DEV_MODE: '1' });
    expect(o.apiKeys).toEqual(['sk-env']);
    expect(o.devMode).toBe(true);
    expect(parseSimArgs(['m'], {}).devMode).toBe(false);
  });

  it('maps --runner pooling and --convert embed to an embedding engine', () => {
    expect(parseSimArgs(['m', '--runner', 'pooling'], {}).runner).toBe('pooling');
    expect(parseSimArgs(['m', '--convert', 'embed'], {}).runner).toBe('pooling');
    expect(parseSimArgs(['m'], {}).runner).toBe('auto');
  });

  it("takes the simulator's own settings", () => {
    const o = parseSimArgs(
      [
        'm',
        '--ttft-ms',
        '0',
        '--itl-ms',
        '0',
        '--startup-s',
        '1.5',
        '--sleep-s',
        '0.4',
        '--wake-up-s',
        '2',
        '--failure-rate',
        '0.2',
        '--failure-types',
        'server_error,reset',
        '--crash-after',
        '10',
        '--num-gpu-blocks',
        '64',
        '--metrics-version',
        '0.11',
      ],
      {},
    );
    expect(o).toMatchObject({
      ttftMs: 0,
      itlMs: 0,
      startupS: 1.5,
      sleepS: 0.4,
      wakeUpS: 2,
      failureRate: 0.2,
      failureTypes: ['server_error', 'reset'],
      crashAfter: 10,
      numGpuBlocks: 64,
      metricsVersion: '0.11',
    });
  });

  it('keeps the given arguments for the non-default args line, with API keys hidden', () => {
    const o = parseSimArgs(['Qwen/Qwen3-0.6B', '--max-model-len', '2048', '--api-key', 'secret'], {});
    expect(o.nonDefaultArgs).toEqual({
      model_tag: 'Qwen/Qwen3-0.6B',
      max_model_len: 2048,
      api_key: ['***'],
      model: 'Qwen/Qwen3-0.6B',
    });
  });

  it('reads the tool-call and reasoning parser flags vLLM deploys agents with', () => {
    const o = parseSimArgs(
      ['m', '--enable-auto-tool-choice', '--tool-call-parser', 'hermes', '--reasoning-parser=qwen3'],
      {},
    );
    expect(o).toMatchObject({ enableAutoToolChoice: true, toolCallParser: 'hermes', reasoningParser: 'qwen3' });
    expect(o.nonDefaultArgs).toMatchObject({ enable_auto_tool_choice: true, tool_call_parser: 'hermes' });
  });
});
