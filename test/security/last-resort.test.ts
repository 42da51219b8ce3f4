// Finding 1's safety net, in a real process: an uncaught error in one request is logged and the
// process keeps serving (Node's default is to exit on the first one).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bundleEntry } from '../support/bundle';

describe('finding 1: the last-resort handler', () => {
  it('logs an uncaught error and an unhandled rejection, and the process keeps serving', async () => {
    const probe = await bundleEntry('test/security/support/last-resort-probe.ts', 'last-resort-probe');
    const run = spawnSync(process.execPath, [probe], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      '/throw 200',
      '/reject 200',
      '/throw 200',
      '/health 200',
      'still serving',
    ]);
    expect(run.stderr).toContain('[probe] uncaught error, kept serving');
    expect(run.stderr).toContain('URIError');
    expect(run.stderr).toContain('[probe] unhandled rejection, kept serving');
  });

  it('without it, the same process dies on the first one (so the test above can fail)', async () => {
    const probe = await bundleEntry('test/security/support/last-resort-probe.ts', 'last-resort-probe');
    const run = spawnSync(process.execPath, [probe], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, SWITCHYARD_NO_SAFETY_NET: '1' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).not.toContain('still serving');
  });
});
