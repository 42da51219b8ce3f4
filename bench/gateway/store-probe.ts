// `--store-probe`: what one stored response of /v1/responses (store: true) costs to write, on its
// own, outside the gateway. The bench's Responses request is translated and answered by the
// dialect's own functions (the row is the one the gateway stores), then written through the
// store's ResponsesRepo in batches, as its group commit does, into a fresh data dir: CPU time of
// this process per row (user and system), wall time and bytes written (WAL and checkpoints), minus
// a pass that builds the same rows and writes none. Each variant runs on a store of its own, in turns, BENCH_PROBE_ROUNDS times; the
// figure is the median. The variants other than the store as it is show what a change of the
// store's schema or settings would buy, not settings the gateway has.
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chatToResponse, responsesToChatRequest } from '../../electron/core/gateway/dialects/openai-responses';
import { Store } from '../../electron/core/store';
import type { ChildRegistry } from './children';
import { dialectCase } from './dialects';
import { log, table } from './report';
import { median } from './rounds';
import { envNumber } from './settings';

const ROWS = envNumber('BENCH_PROBE_ROWS', 50_000);
const ROUNDS = envNumber('BENCH_PROBE_ROUNDS', 3);

interface Variant {
  name: string;
  /** Rows per commit: ResponsesRepo's batch of FLUSH_MS at the bench's c=32 rate is about 200. */
  batch: number;
  prepare?: (store: Store) => void;
}

const VARIANTS: Variant[] = [
  { name: 'as stored (batches of 200)', batch: 200 },
  { name: 'batches of 50', batch: 50 },
  { name: 'batches of 1000', batch: 1000 },
  {
    name: 'without the created_at index',
    batch: 200,
    prepare: (s) => s.db.exec('DROP INDEX stored_responses_created'),
  },
  { name: 'synchronous = OFF', batch: 200, prepare: (s) => s.db.pragma('synchronous = OFF') },
  { name: 'wal_autocheckpoint = 10000', batch: 200, prepare: (s) => s.db.pragma('wal_autocheckpoint = 10000') },
];

/** The bench's Responses request, answered as the simulator answers it: what the gateway stores. */
function sampleTurn() {
  const { chat, echo, inputItems } = responsesToChatRequest(dialectCase('responses').body, { vllmExtras: true });
  const now = Date.now();
  const response = chatToResponse(
    {
      id: 'chatcmpl-probe',
      created: Math.floor(now / 1000),
      model: chat.model as string,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello! This is a simulated answer of sixteen tokens or so.' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 16, total_tokens: 28 },
    },
    { model: chat.model as string, echo, createdAt: Math.floor(now / 1000), completedAt: Math.floor(now / 1000) },
  );
  return { input: inputItems as Array<Record<string, unknown>>, response };
}

type Cost = { user: number; system: number; wall: number; bytes: number };

/** Bytes this process has handed to write system calls (Linux's /proc/self/io wchar); 0 elsewhere. */
function bytesWritten(): number {
  try {
    return Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** µs per row of writing ROWS rows in batches of `batch` (none when `write` is false). */
function pass(store: Store, batch: number, write: boolean): Cost {
  const { input, response } = sampleTurn();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const bytes = bytesWritten();
  let seq = 0;
  for (let written = 0; written < ROWS; written += batch) {
    for (let i = 0; i < batch; i++) {
      const at = Date.now();
      const id = `resp_${at.toString(16).padStart(12, '0')}${(seq++).toString(16).padStart(20, '0')}`;
      const row = { ...response, id };
      const responseJson = JSON.stringify(row);
      const stored = { id, keyId: null, createdAt: at, input, response: row as unknown as Record<string, unknown> };
      if (write) store.responses.put({ ...stored, responseJson });
      else JSON.stringify(stored.input);
    }
    if (write) store.responses.flush();
  }
  const used = process.cpuUsage(cpu);
  return {
    user: used.user / ROWS,
    system: used.system / ROWS,
    wall: ((performance.now() - wall) * 1000) / ROWS,
    bytes: (bytesWritten() - bytes) / ROWS,
  };
}

export async function runStoreProbe(_reg: ChildRegistry, tmp: string): Promise<void> {
  const { response } = sampleTurn();
  log(
    `stored-response write probe: ${ROWS} rows (BENCH_PROBE_ROWS) per variant and round, ${ROUNDS} rounds (BENCH_PROBE_ROUNDS); a row is the bench's Responses turn (${JSON.stringify(response).length} bytes of Response)`,
  );
  const costs = new Map<string, Cost[]>(VARIANTS.map((v) => [v.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of VARIANTS) {
      const store = Store.open(mkdtempSync(join(tmp, 'probe-')));
      try {
        v.prepare?.(store);
        const none = pass(store, v.batch, false);
        const written = pass(store, v.batch, true);
        costs.get(v.name)!.push({
          user: written.user - none.user,
          system: written.system - none.system,
          wall: written.wall - none.wall,
          bytes: written.bytes - none.bytes,
        });
      } finally {
        store.close();
      }
    }
    log(`  round ${round}/${ROUNDS} done`);
  }
  const us = (v: number) => v.toFixed(2);
  log();
  log('per stored row, medians over rounds (the pass that writes nothing subtracted): µs, and bytes written');
  log(
    table(
      ['variant', 'CPU', 'user', 'system', 'wall', 'bytes written'],
      VARIANTS.map((v) => {
        const c = costs.get(v.name)!;
        const m = (f: (x: Cost) => number) => median(c.map(f));
        return [
          v.name,
          us(m((x) => x.user + x.system)),
          us(m((x) => x.user)),
          us(m((x) => x.system)),
          us(m((x) => x.wall)),
          Math.round(m((x) => x.bytes)).toLocaleString('en-US'),
        ];
      }),
    ),
  );
}
