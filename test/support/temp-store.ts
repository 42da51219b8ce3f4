// Real Store files in temp dirs for a test file, closed after each test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Clock } from '../../electron/core/clock';
import { Store } from '../../electron/core/store';

export function useTempStores(prefix: string) {
  const open: Store[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  const tempDir = () => mkdtempSync(join(tmpdir(), `switchyard-${prefix}-`));
  const openStore = (dir = tempDir(), clock?: Clock) => {
    const store = Store.open(dir, clock);
    open.push(store);
    return store;
  };
  return { tempDir, openStore };
}
