// A non-streamed answer's usage is read from its top-level `usage` member alone, found from the
// end (pipeline/json-scan.ts): it must count what parsing the whole answer would, whatever else
// the answer holds — nested members named usage, strings that look like one, escapes, indents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeJson, usageOfAnswer, usageOfAnswerText } from '../../electron/core/gateway/pipeline/openai-dialect';

const parsed = (text: string) => usageOfAnswer(safeJson(text));

describe('usageOfAnswerText (the usage member alone, found from the end)', () => {
  it("reads vLLM's answer, and counts what a whole parse counts on tricky ones", () => {
    const tricky = [
      '{"id":"c","choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":12,"total_tokens":28,"completion_tokens":16,"prompt_tokens_details":null},"prompt_logprobs":null,"kv_transfer_params":null}',
      '{"usage":{"prompt_tokens":3,"completion_tokens":4},"kv_transfer_params":{"usage":{"prompt_tokens":999}}}',
      '{"usage":{"prompt_tokens":3},"meta":[{"x":1,"usage":{"prompt_tokens":999}}],"y":2}',
      '{"choices":[{"message":{"content":"say \\"usage\\":{\\"prompt_tokens\\":999}"}}],"usage":{"prompt_tokens":5,"completion_tokens":6}}',
      '{"usage":{"prompt_tokens":5},"k\\"usage":{"prompt_tokens":999}}',
      '{"usage" : {"prompt_tokens":7,"completion_tokens":8}}',
      '{\n  "usage": {\n    "prompt_tokens": 9,\n    "completion_tokens": 10\n  },\n  "x": "}"\n}',
      '{"data":[{"embedding":[0.1,0.2]}],"usage":{"prompt_tokens":11,"total_tokens":11}}',
      '{"object":"list","usage":{"total_tokens":13}}',
      '{"usage":null}',
      '{"usage":{"prompt_tokens":1},"usage":{"prompt_tokens":2}}',
      '{"choices":[]}',
      'Not Found',
      '{"usage":{"prompt_tokens":',
      '',
    ];
    for (const text of tricky) expect(usageOfAnswerText(text), text).toEqual(parsed(text));
    expect(usageOfAnswerText(tricky[0])).toEqual({ prompt: 12, completion: 16 });
    expect(usageOfAnswerText(tricky[1])).toEqual({ prompt: 3, completion: 4 });
  });

  it('property: equals a whole parse on random answers, usage anywhere or nowhere, nested ones too', () => {
    const usage = fc.record(
      { prompt_tokens: fc.nat(100_000), completion_tokens: fc.nat(100_000), total_tokens: fc.nat(200_000) },
      { requiredKeys: [] },
    );
    const member = fc.oneof(
      fc.tuple(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
      fc.tuple(fc.constantFrom('usage', 'meta'), fc.dictionary(fc.constant('usage'), usage, { maxKeys: 1 })),
      fc.tuple(fc.constant('note'), fc.constantFrom('"usage":{"prompt_tokens":1}', 'usage', '\\"usage\\":')),
    );
    fc.assert(
      fc.property(
        fc.array(member, { maxLength: 6 }),
        fc.option(usage),
        fc.nat(6),
        fc.boolean(),
        (rest, top, at, indent) => {
          const entries = rest.filter(([k]) => k !== 'usage');
          if (top) entries.splice(Math.min(at, entries.length), 0, ['usage', top]);
          const text = JSON.stringify(Object.fromEntries(entries), null, indent ? 2 : undefined);
          expect(usageOfAnswerText(text)).toEqual(parsed(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});
