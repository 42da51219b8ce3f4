import { describe, expect, it } from 'vitest';
import { parsePrometheusText, parsePromNumber, PromParseError } from './prom-parse';

describe('parsePrometheusText', () => {
  it('reads HELP and TYPE, and files suffixed samples under their family', () => {
    const page = parsePrometheusText(
      [
        '# HELP vllm:prompt_tokens_total Number of prefill tokens processed.',
        '# TYPE vllm:prompt_tokens_total counter',
        'vllm:prompt_tokens_total{engine="0",model_name="m"} 12.0',
        '# HELP req Latency \\\\ in seconds.\\nSecond line.',
        '# TYPE req histogram',
        'req_bucket{le="0.5"} 1.0',
        'req_bucket{le="+Inf"} 3.0',
        'req_count 3.0',
        'req_sum 2.5',
        '# a plain comment',
        '',
      ].join('\n'),
    );
    expect([...page.families.keys()]).toEqual(['vllm:prompt_tokens_total', 'req']);
    const counter = page.families.get('vllm:prompt_tokens_total')!;
    expect(counter).toMatchObject({ type: 'counter', help: 'Number of prefill tokens processed.' });
    expect(counter.samples).toEqual([
      { name: 'vllm:prompt_tokens_total', labels: { engine: '0', model_name: 'm' }, value: 12, timestampMs: null },
    ]);
    const hist = page.families.get('req')!;
    expect(hist.help).toBe('Latency \\ in seconds.\nSecond line.');
    expect(hist.samples.map((s) => [s.name, s.labels.le, s.value])).toEqual([
      ['req_bucket', '0.5', 1],
      ['req_bucket', '+Inf', 3],
      ['req_count', undefined, 3],
      ['req_sum', undefined, 2.5],
    ]);
  });

  it('files `_total` samples under a counter family named without it (OpenMetrics style)', () => {
    const page = parsePrometheusText('# TYPE jobs counter\njobs_total 4\njobs_created 1.7e+09\n');
    expect(page.families.get('jobs')!.samples.map((s) => s.name)).toEqual(['jobs_total', 'jobs_created']);
    expect(page.families.has('jobs_total')).toBe(false);
  });

  it('does not swallow an unrelated family whose name only looks suffixed', () => {
    const page = parsePrometheusText('# TYPE a gauge\na 1\na_count 2\n');
    expect(page.families.get('a')!.samples).toHaveLength(1);
    expect(page.families.get('a_count')!.samples[0].value).toBe(2);
  });

  it('unescapes label values and accepts labels in any order, with spaces and a trailing comma', () => {
    const page = parsePrometheusText(
      'm{path="C:\\\\models\\\\q",quote="say \\"hi\\"",nl="a\\nb", z = "1",} 1\nm{z="2",path="x"} 2\n',
    );
    const [a, b] = page.families.get('m')!.samples;
    expect(a.labels).toEqual({ path: 'C:\\models\\q', quote: 'say "hi"', nl: 'a\nb', z: '1' });
    expect(b.labels).toEqual({ z: '2', path: 'x' });
  });

  it('keeps braces, commas and equals signs inside quoted values', () => {
    const page = parsePrometheusText('m{args="{\\"a\\": 1, b=2}"} 5\n');
    expect(page.families.get('m')!.samples[0]).toMatchObject({ labels: { args: '{"a": 1, b=2}' }, value: 5 });
  });

  it('reads NaN, +Inf, -Inf, exponents and timestamps', () => {
    const page = parsePrometheusText('a NaN\nb +Inf\nc -Inf 1700000000000\nd 1.7641728e+09\ne -0.5e-3 -12\nf inf\n');
    const value = (n: string) => page.families.get(n)!.samples[0];
    expect(value('a').value).toBeNaN();
    expect(value('b').value).toBe(Infinity);
    expect(value('c')).toMatchObject({ value: -Infinity, timestampMs: 1_700_000_000_000 });
    expect(value('d').value).toBe(1_764_172_800);
    expect(value('e')).toMatchObject({ value: -0.0005, timestampMs: -12 });
    expect(value('f').value).toBe(Infinity);
  });

  it('accepts CRLF line endings', () => {
    const page = parsePrometheusText('# TYPE g gauge\r\ng{x="1"} 3\r\n');
    expect(page.families.get('g')!.samples[0]).toMatchObject({ labels: { x: '1' }, value: 3 });
  });

  it.each([
    ['m{a="1" 2', /line 1: "," or "}" was expected after label a/],
    ['m{a="1} 2', /line 1: label a's value is not closed/],
    ['m{a="\\t"} 2', /unknown escape \\t/],
    ['m{a="1",a="2"} 2', /label a is repeated/],
    ['m{1a="x"} 2', /a label name was expected/],
    ['m{a=1} 2', /label a has no quoted value/],
    ['ok 1\nm twelve', /line 2: "twelve" is not a number/],
    ['m 1 12.5', /"12.5" is not a timestamp/],
    ['m', /a value \(and optional timestamp\) was expected/],
    ['m 1 2 3', /a value \(and optional timestamp\) was expected/],
    ['{a="1"} 2', /a metric name was expected/],
    ['# TYPE m nonsense', /unknown metric type "nonsense"/],
  ])('refuses %j, naming the line and the fault', (text, message) => {
    expect(() => parsePrometheusText(text)).toThrow(PromParseError);
    expect(() => parsePrometheusText(text)).toThrow(message);
  });
});

describe('parsePromNumber', () => {
  it.each([
    ['0.0', 0],
    ['1e-05', 0.00001],
    ['+3', 3],
    ['.5', 0.5],
    ['-Inf', -Infinity],
    ['+inf', Infinity],
  ])('%s → %d', (text, n) => {
    expect(parsePromNumber(text)).toBe(n);
  });

  it('answers null for what is not a number', () => {
    expect(parsePromNumber('0x10')).toBeNull();
    expect(parsePromNumber('')).toBeNull();
    expect(parsePromNumber('1,5')).toBeNull();
  });
});
