import { describe, expect, it } from 'vitest';
import { goFloat, pyFloat, Registry } from './prom-text';

describe('Python float formatting', () => {
  it('prints floats as Python repr() does', () => {
    expect(pyFloat(0)).toBe('0.0');
    expect(pyFloat(1)).toBe('1.0');
    expect(pyFloat(0.25)).toBe('0.25');
    expect(pyFloat(1e-5)).toBe('1e-05');
    expect(pyFloat(0.0001)).toBe('0.0001');
    expect(pyFloat(1.5e-7)).toBe('1.5e-07');
    expect(pyFloat(1e16)).toBe('1e+16');
    expect(pyFloat(123456.5)).toBe('123456.5');
  });

  it('prints samples as prometheus_client floatToGoString does', () => {
    expect(goFloat(Infinity)).toBe('+Inf');
    expect(goFloat(2560)).toBe('2560.0');
    expect(goFloat(0.001)).toBe('0.001');
    expect(goFloat(1731234567.123)).toBe('1.731234567123e+09');
    expect(goFloat(1234567)).toBe('1.234567e+06');
  });
});

describe('Registry', () => {
  it('writes counters with _total and their _created samples in a gauge family after them', () => {
    const r = new Registry();
    r.counter('vllm:num_preemptions', 'Cumulative number of preemption from the engine.', ['model_name', 'engine']).inc(
      ['m', '0'],
      3,
    );
    const lines = r.render().trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '# HELP vllm:num_preemptions_total Cumulative number of preemption from the engine.',
      '# TYPE vllm:num_preemptions_total counter',
      'vllm:num_preemptions_total{model_name="m",engine="0"} 3.0',
    ]);
    expect(lines[3]).toBe('# HELP vllm:num_preemptions_created Cumulative number of preemption from the engine.');
    expect(lines[4]).toBe('# TYPE vllm:num_preemptions_created gauge');
    expect(lines[5]).toMatch(/^vllm:num_preemptions_created\{model_name="m",engine="0"\} 1\.\d+e\+09$/);
  });

  it('writes histograms with cumulative buckets, +Inf, _count and _sum', () => {
    const r = new Registry();
    const h = r.histogram(
      'vllm:time_to_first_token_seconds',
      'Histogram of time to first token in seconds.',
      ['model_name'],
      [0.1, 1],
    );
    h.observe(['m'], 0.05);
    h.observe(['m'], 0.1); // le is inclusive
    h.observe(['m'], 5);
    const text = r.render();
    expect(text).toContain('vllm:time_to_first_token_seconds_bucket{model_name="m",le="0.1"} 2.0\n');
    expect(text).toContain('vllm:time_to_first_token_seconds_bucket{model_name="m",le="1.0"} 2.0\n');
    expect(text).toContain('vllm:time_to_first_token_seconds_bucket{model_name="m",le="+Inf"} 3.0\n');
    expect(text).toContain('vllm:time_to_first_token_seconds_count{model_name="m"} 3.0\n');
    expect(text).toContain('vllm:time_to_first_token_seconds_sum{model_name="m"} 5.15\n');
  });

  it('escapes label values', () => {
    const r = new Registry();
    r.gauge('g', 'help', ['x']).set(['a "quoted" \\ value\n'], 1);
    expect(r.render()).toContain('g{x="a \\"quoted\\" \\\\ value\\n"} 1.0');
  });
});
