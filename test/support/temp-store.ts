// Real Store files in temp dirs for a test file, closed after each test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Store } from '../../electron/core/store';

export function useTempStores(prefix: string) {
  const open: Store[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  const tempDir = () => mkdtempSync(join(tmpdir(), `switchyard-${prefix}-`));
  const openStore = (dir = tempDir()) => {
    const store = Store.open(dir);
    open.push(store);
    return store;
  };
  return { tempDir, openStore };
}
