// EnergyPricer over a real store: GPU samples and request rollups in, USD/token per deployment out,
// against figures worked by hand; and the gateway reloaded only for moves of more than 5 %.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeploymentSpec } from '../../../shared/deployment-schemas';
import { Store } from '../store';
import type { NewRequestLog } from '../store/request-log';
import { EnergyPricer } from './energy-pricer';

const MIN = 60_000;
const M0 = Date.UTC(2026, 10, 21, 12, 0, 0); // the minute priced
let seq = 0;

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function setup(usdPerKwh = 0.3) {
  const store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-energy-')));
  store.settings.update({ energyPriceUsdPerKwh: usdPerKwh });
  let now = M0 + MIN + 5_000; // a pass shortly after the minute ends
  let reloads = 0;
  const pricer = new EnergyPricer(store, { now: () => now }, () => {
    reloads++;
  });
  cleanup.push(
    () => pricer.close(),
    () => store.close(),
  );
  const deploy = (name: string, hostId = 'local') =>
    store.deployments.insert(DeploymentSpec.parse({ name, model: 'Qwen/Qwen3-8B', hostId }), name, 8001 + seq++, M0);
  /** One sampling pass on a host: the GPUs' draws at `at`. */
  const power = (at: number, watts: number[], hostId = 'local') =>
    store.gpuSamples.insertMany(
      watts.map((w, i) => ({
        at,
        hostId,
        gpuIndex: i,
        uuid: `GPU-${i}`,
        utilizationPct: null,
        memoryUsedMib: null,
        memoryTotalMib: null,
        powerW: w,
        temperatureC: null,
      })),
    );
  const served = (deployment: string, at: number, promptTokens: number, completionTokens: number) => {
    const row: NewRequestLog = {
      id: `r${seq++}`,
      at,
      keyId: null,
      modelGroup: 'g',
      deployment,
      status: 200,
      promptTokens,
      completionTokens,
      costUsd: 0,
      latencyMs: 5,
      ttftMs: null,
      attempts: 1,
      errorClass: null,
    };
    store.requestLog.insertMany([row]);
  };
  return {
    store,
    pricer,
    deploy,
    power,
    served,
    reloads: () => reloads,
    nextMinute: () => {
      now += MIN;
    },
    price: (name: string) => store.deployments.energyPrices().get(name),
  };
}

describe('EnergyPricer', () => {
  it("prices a deployment from its host's average power and its tokens in the last complete minute", () => {
    const s = setup(0.3);
    s.deploy('qwen');
    s.power(M0 + 10_000, [200, 100]); // 300 W
    s.power(M0 + 40_000, [250, 150]); // 400 W → average 350 W
    s.served('qwen', M0 + 5_000, 1000, 400);
    s.served('qwen', M0 + 50_000, 0, 100);
    const updates = s.pricer.update();
    // 350 W × 60 s = 21 kJ = 0.0058333 kWh × $0.30 = $0.00175, over 1,500 tokens = $1.1667e-6 a token.
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      deployment: 'qwen',
      hostId: 'local',
      fromMs: M0,
      toMs: M0 + MIN,
      powerW: 350,
      tokens: 1500,
    });
    expect(updates[0].usdPerToken).toBeCloseTo(0.00175 / 1500, 15);
    expect(s.price('qwen')).toBeCloseTo(1.16667e-6, 10);
    expect(s.reloads()).toBe(1);
  });

  it('counts only the window: samples and tokens of other minutes are left out', () => {
    const s = setup(0.3);
    s.deploy('qwen');
    s.power(M0 - 1, [5000]);
    s.power(M0, [300]);
    s.power(M0 + MIN, [5000]); // the current, unfinished minute
    s.served('qwen', M0 - 1, 99_999, 0);
    s.served('qwen', M0 + 30_000, 1000, 500);
    s.served('qwen', M0 + MIN + 1_000, 99_999, 0);
    const [u] = s.pricer.update();
    // 300 W × 60 s = 0.005 kWh × $0.30 = $0.0015 over 1,500 tokens.
    expect(u).toMatchObject({ powerW: 300, tokens: 1500 });
    expect(u.usdPerToken).toBeCloseTo(1e-6, 15);
  });

  it("splits a shared host's power by each deployment's share of its tokens", () => {
    const s = setup(0.3);
    s.deploy('small');
    s.deploy('big');
    s.power(M0, [400]);
    s.served('small', M0 + 1_000, 1000, 0);
    s.served('big', M0 + 2_000, 2000, 1000);
    const byName = new Map(s.pricer.update().map((u) => [u.deployment, u]));
    // 400 W: small served 1/4 of the tokens → 100 W; big 3/4 → 300 W. Each: $/token = 400 W × 60 s × $0.30/kWh ÷ 4,000 tokens.
    expect(byName.get('small')).toMatchObject({ powerW: 100, tokens: 1000 });
    expect(byName.get('big')).toMatchObject({ powerW: 300, tokens: 3000 });
    const expected = (((400 * 60) / 3_600_000) * 0.3) / 4000;
    expect(s.price('small')).toBeCloseTo(expected, 15);
    expect(s.price('big')).toBeCloseTo(expected, 15);
  });

  it('prices each host by its own GPUs', () => {
    const s = setup(0.2);
    const box = s.store.hosts.add('gpu-box', 'ssh://me@gpu-box');
    s.deploy('here');
    s.deploy('there', box.id);
    s.power(M0, [100]);
    s.power(M0, [700, 700], box.id);
    s.served('here', M0, 500, 500);
    s.served('there', M0, 500, 500);
    s.pricer.update();
    expect(s.price('here')).toBeCloseTo((((100 * 60) / 3_600_000) * 0.2) / 1000, 15);
    expect(s.price('there')).toBeCloseTo((((1400 * 60) / 3_600_000) * 0.2) / 1000, 15);
  });

  it('keeps the previous price when a deployment served nothing or its host has no power samples', () => {
    const s = setup(0.3);
    s.deploy('qwen');
    s.deploy('unsampled', s.store.hosts.add('gpu-box', 'ssh://me@gpu-box').id);
    s.power(M0, [300]);
    s.served('qwen', M0, 1000, 500);
    s.served('unsampled', M0, 1000, 500);
    s.served('an-endpoint', M0, 1000, 500); // a request-log name that is no deployment
    expect(s.pricer.update().map((u) => u.deployment)).toEqual(['qwen']);
    expect(s.price('unsampled')).toBeUndefined();
    const before = s.price('qwen');
    s.nextMinute(); // a minute with power drawn and nothing served
    s.power(M0 + MIN, [300]);
    expect(s.pricer.update()).toEqual([]);
    expect(s.price('qwen')).toBe(before);
    expect(s.reloads()).toBe(1);
  });

  it('follows the energyPriceUsdPerKwh setting', () => {
    const s = setup(0.3);
    s.deploy('qwen');
    s.power(M0, [300]);
    s.served('qwen', M0, 1000, 500);
    s.pricer.update();
    s.store.settings.update({ energyPriceUsdPerKwh: 0.6 });
    s.pricer.update();
    expect(s.price('qwen')).toBeCloseTo(2e-6, 15);
    s.store.settings.update({ energyPriceUsdPerKwh: 0 });
    s.pricer.update();
    expect(s.price('qwen')).toBe(0);
  });

  it('stores every new price but reloads the gateway only when one moved more than 5 % from what it last loaded', () => {
    const s = setup(0.3);
    s.deploy('qwen');
    // Minute by minute: 300 W, then +4 % (no reload), then +8 % of the loaded price (reload), then −3 % (no reload).
    const steps: Array<[watts: number, reload: boolean]> = [
      [300, true],
      [312, false],
      [324, true],
      [314.28, false],
    ];
    let minute = M0;
    for (const [watts, reload] of steps) {
      const before = s.reloads();
      s.power(minute, [watts]);
      s.served('qwen', minute, 1000, 500);
      const [u] = s.pricer.update();
      expect(u).toMatchObject({ fromMs: minute, powerW: watts });
      expect(s.price('qwen')).toBeCloseTo((((watts * 60) / 3_600_000) * 0.3) / 1500, 15);
      expect(s.reloads() - before).toBe(reload ? 1 : 0);
      minute += MIN;
      s.nextMinute();
    }
  });

  it('refuses a period that is not whole minutes', () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-energy-')));
    cleanup.push(() => store.close());
    expect(() => new EnergyPricer(store, { now: () => 0 }, () => {}, { everyMs: 30_000 })).toThrow(/whole minutes/);
  });
});
