// `--store-probe`: what one stored response of /v1/responses (store: true) costs to write, on its
// own, outside the gateway. The bench's Responses request is translated and answered by the
// dialect's own functions (the row is the one the gateway stores), then written in batches, as the
// store groups its writes, into a fresh data dir: CPU time of this process per response (user and
// system), wall time and bytes written, minus a pass that builds the same responses (with ids that
// are not stored) and writes none. Each variant runs on a store of its own, in turns,
// BENCH_PROBE_ROUNDS times; the figure is the median. The store writes segment files
// (response-segments.ts); the SQLite rows variant writes the stored_responses table the way the
// store did before them (multi-row INSERTs of up to 32 rows, a transaction a batch), for comparison.
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { chatToResponse, responsesToChatRequest } from '../../electron/core/gateway/dialects/openai-responses';
import { responseId } from '../../electron/core/gateway/dialects/responses-response';
import { Store } from '../../electron/core/store';
import type { StoredResponse } from '../../electron/core/store/responses';
import type { ChildRegistry } from './children';
import { dialectCase } from './dialects';
import { log, table } from './report';
import { median } from './rounds';
import { envNumber } from './settings';

const ROWS = envNumber('BENCH_PROBE_ROWS', 50_000);
const ROUNDS = envNumber('BENCH_PROBE_ROUNDS', 3);
const INSERT_CHUNK = 32;

interface Variant {
  name: string;
  /** Responses a batch: the store's FLUSH_MS at the bench's c=32 rate is about 200. */
  batch: number;
  /** Makes a writer for one store: mints ids and writes a batch. */
  writer: (store: Store) => { id: () => string; write: (batch: StoredResponse[]) => void };
}

const segments: Variant['writer'] = (store) => ({
  id: () => store.responses.newId(),
  write: (batch) => {
    for (const r of batch) store.responses.put(r);
    store.responses.flush();
  },
});

/** The stored_responses table as the store wrote it before the segment files. */
const sqliteRows: Variant['writer'] = (store) => {
  const inserts = new Map<number, Database.Statement>();
  const insertOf = (rows: number) => {
    let statement = inserts.get(rows);
    if (!statement) {
      const values = new Array(rows).fill('(?, ?, ?, ?, ?)').join(', ');
      statement = store.db.prepare(
        `INSERT OR REPLACE INTO stored_responses (id, key_id, created_at, input, response) VALUES ${values}`,
      );
      inserts.set(rows, statement);
    }
    return statement;
  };
  return {
    id: () => responseId(),
    write: store.db.transaction((batch: StoredResponse[]) => {
      for (let start = 0; start < batch.length; start += INSERT_CHUNK) {
        const chunk = batch.slice(start, start + INSERT_CHUNK);
        insertOf(chunk.length).run(
          chunk.flatMap((r) => [
            r.id,
            r.keyId,
            r.createdAt,
            JSON.stringify(r.input),
            r.responseJson ?? JSON.stringify(r.response),
          ]),
        );
      }
    }),
  };
};

const VARIANTS: Variant[] = [
  { name: 'segment files (as stored), batches of 200', batch: 200, writer: segments },
  { name: 'segment files, batches of 50', batch: 50, writer: segments },
  { name: 'SQLite rows (before the segments), batches of 200', batch: 200, writer: sqliteRows },
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

/** µs per response of writing ROWS responses in batches of `batch` (none when `write` is false). */
function pass(store: Store, v: Variant, write: boolean): Cost {
  const { input, response } = sampleTurn();
  const writer = v.writer(store);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const bytes = bytesWritten();
  for (let written = 0; written < ROWS; written += v.batch) {
    const batch: StoredResponse[] = [];
    for (let i = 0; i < v.batch; i++) {
      const id = write ? writer.id() : responseId();
      const row = { ...response, id };
      const responseJson = JSON.stringify(row);
      batch.push({
        id,
        keyId: null,
        createdAt: Date.now(),
        input,
        response: row as unknown as Record<string, unknown>,
        responseJson,
      });
      if (!write) JSON.stringify(input);
    }
    if (write) writer.write(batch);
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
    `stored-response write probe: ${ROWS} responses (BENCH_PROBE_ROWS) per variant and round, ${ROUNDS} rounds (BENCH_PROBE_ROUNDS); each the bench's Responses turn (${JSON.stringify(response).length} bytes of Response)`,
  );
  const costs = new Map<string, Cost[]>(VARIANTS.map((v) => [v.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of VARIANTS) {
      const store = Store.open(mkdtempSync(join(tmp, 'probe-')));
      try {
        const none = pass(store, v, false);
        const written = pass(store, v, true);
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
  log('per stored response, medians over rounds (the pass that writes nothing subtracted): µs, and bytes written');
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
