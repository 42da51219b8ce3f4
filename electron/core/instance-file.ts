// instance.json: how CLI commands find the running instance (like the docker CLI finds dockerd).
// Written with mode 0600 because it holds the admin token.
import { readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const InstanceInfo = z.object({
  pid: z.number().int(),
  version: z.string(),
  adminUrl: z.string(),
  adminToken: z.string(),
  gatewayUrl: z.string(),
  startedAt: z.string(),
});
export type InstanceInfo = z.infer<typeof InstanceInfo>;

export const instancePath = (dataDir: string) => join(dataDir, 'instance.json');

export function writeInstance(dataDir: string, info: InstanceInfo): void {
  const path = instancePath(dataDir);
  writeFileSync(path, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function removeInstance(dataDir: string, pid: number): void {
  const current = readInstance(dataDir);
  if (current?.pid === pid) rmSync(instancePath(dataDir), { force: true });
}

/** The running instance's details, or null when none is recorded or its process is gone. */
export function readInstance(dataDir: string): InstanceInfo | null {
  try {
    const info = InstanceInfo.parse(JSON.parse(readFileSync(instancePath(dataDir), 'utf8')));
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}
