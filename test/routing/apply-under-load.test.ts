// Applying routing tables while traffic flows: a real gateway over real simulators, concurrent
// requests through the official openai SDK (plain and streamed), and a new table applied every few
// milliseconds through the routing editor's apply. No request may fail or be lost.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProposedTable } from '../../shared/contract-routing';
import { ChangeNotice } from '../../electron/core/changes';
import { EventBus } from '../../electron/core/events';
import { applyProposal } from '../../electron/core/routing-editor/apply';
import { readCurrentTable } from '../../electron/core/routing-editor/current-table';
import { simEndpoint, simGroup, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';

let f: GatewayFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** The i-th table: `chat` over a changing set of targets and weights, its fallback, another group coming and going. */
function tableNumber(i: number): ProposedTable {
  const sets = [
    [
      { ref: 'a', weight: 3 },
      { ref: 'b', weight: 1 },
    ],
    [{ ref: 'b', weight: 1 }],
    [
      { ref: 'c', weight: 2 },
      { ref: 'a', weight: 1 },
    ],
    [
      { ref: 'a', weight: 1 },
      { ref: 'b', weight: 1 },
      { ref: 'c', weight: 1 },
    ],
  ];
  const chat = {
    name: 'chat',
    strategy: i % 3 === 0 ? ('least-busy' as const) : ('simple-shuffle' as const),
    fallbacks: ['backup'],
    contextWindowFallbacks: [],
    targets: sets[i % sets.length].map((t) => ({ kind: 'endpoint' as const, ref: t.ref, weight: t.weight, order: 0 })),
  };
  const backup = {
    name: 'backup',
    strategy: 'simple-shuffle' as const,
    fallbacks: [],
    contextWindowFallbacks: [],
    targets: [{ kind: 'endpoint' as const, ref: 'c', weight: 1, order: 0 }],
  };
  const extra =
    i % 2 === 0
      ? [
          {
            name: `spare-${i}`,
            strategy: 'simple-shuffle' as const,
            fallbacks: [],
            contextWindowFallbacks: [],
            targets: [{ kind: 'endpoint' as const, ref: 'a', weight: 1, order: 0 }],
          },
        ]
      : [];
  return { groups: [chat, backup, ...extra], aliases: i % 2 === 0 ? { quick: 'chat' } : {} };
}

describe('apply under load', () => {
  it('switches tables 60 times during 400 concurrent requests and loses none', async () => {
    const sims = await startSims({
      a: { model: 'a', ttftMs: 2, itlMs: 1 },
      b: { model: 'b', ttftMs: 2, itlMs: 1 },
      c: { model: 'c', ttftMs: 2, itlMs: 1 },
    });
    f = await startGatewayFixture((fx) => {
      for (const s of ['a', 'b', 'c']) simEndpoint(fx, s);
      return { groups: [simGroup('chat', [{ sim: 'a' }]), simGroup('backup', [{ sim: 'c' }])] };
    }, sims);
    const fx = f;
    const client = fx.client();
    // The gateway runs in this process here: the change notice reloads it directly.
    const changes = new ChangeNotice(fx.store, new EventBus(), () => fx.rt.reload());
    let applies = 0;
    let stop = false;
    const applier = (async () => {
      for (let i = 0; !stop; i++) {
        applyProposal({ store: fx.store, changes }, tableNumber(i));
        applies += 1;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    const served: Record<string, number> = {};
    const failures: string[] = [];
    const TOTAL = 400;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const n = next++;
        try {
          if (n % 3 === 0) {
            const stream = await client.chat.completions.create({
              model: 'chat',
              messages: [{ role: 'user', content: `s${n}` }],
              max_tokens: 12,
              stream: true,
            });
            let text = '';
            for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
            if (!text) failures.push(`#${n}: empty stream`);
            served.stream = (served.stream ?? 0) + 1;
          } else {
            const { data, response } = await client.chat.completions
              .create({ model: 'chat', messages: [{ role: 'user', content: `q${n}` }], max_tokens: 8 })
              .withResponse();
            if (!data.choices[0]?.message?.content) failures.push(`#${n}: empty answer`);
            const by = response.headers.get('x-switchyard-deployment') ?? 'none';
            served[by] = (served[by] ?? 0) + 1;
          }
        } catch (err) {
          failures.push(`#${n}: ${String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    stop = true;
    await applier;

    expect(failures).toEqual([]);
    expect(applies).toBeGreaterThanOrEqual(60);
    // Every table was really in force at some point: all three targets served plain requests.
    expect(Object.keys(served).sort()).toEqual(['a', 'b', 'c', 'stream']);
    expect(Object.values(served).reduce((s, n) => s + n, 0)).toBe(TOTAL);
    // The last table applied is the one in the store and in the gateway.
    const last = readCurrentTable(fx.store);
    expect(
      fx.rt
        .table()
        .resolve('chat')!
        .targets.map((t) => t.name)
        .sort(),
    ).toEqual(
      last.groups
        .find((g) => g.name === 'chat')!
        .targets.map((t) => t.ref)
        .sort(),
    );
  }, 60_000);
});
