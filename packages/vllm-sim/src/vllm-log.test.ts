import { describe, expect, it } from 'vitest';
import { pyRepr, uvicornLine, vllmLine, withCommas } from './vllm-log';

describe('vLLM log lines', () => {
  it('writes the non-default args dict as Python repr', () => {
    expect(
      pyRepr({
        model_tag: 'Qwen/Qwen3-0.6B',
        max_model_len: 2048,
        enforce_eager: true,
        gpu_memory_utilization: 0.85,
        api_key: ['k'],
        x: null,
      }),
    ).toBe(
      "{'model_tag': 'Qwen/Qwen3-0.6B', 'max_model_len': 2048, 'enforce_eager': True, 'gpu_memory_utilization': 0.85, 'api_key': ['k'], 'x': None}",
    );
    expect(pyRepr("it's")).toBe('"it\'s"');
  });

  it('prefixes lines with the process, level, time and source as vLLM does', () => {
    const line = vllmLine(
      'INFO',
      'api_server.py:1839',
      'vLLM API server version 0.13.0',
      'APIServer',
      new Date(2025, 10, 21, 4, 5, 6),
    );
    expect(line).toBe(
      `(APIServer pid=${process.pid}) INFO 11-21 04:05:06 [api_server.py:1839] vLLM API server version 0.13.0`,
    );
    expect(uvicornLine('Application startup complete.')).toBe(
      `(APIServer pid=${process.pid}) INFO:     Application startup complete.`,
    );
  });

  it('writes thousands separators like Python', () => {
    expect(withCommas(580800)).toBe('580,800');
    expect(withCommas(999)).toBe('999');
    expect(withCommas(1234567)).toBe('1,234,567');
  });
});
