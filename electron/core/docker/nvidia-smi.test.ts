// nvidia-smi CSV parsing on fixtures from real boards, including the odd values.
import { describe, expect, it } from 'vitest';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, smiNumber } from './nvidia-smi';

describe('smiNumber', () => {
  it('reads numbers, with or without units', () => {
    expect(smiNumber(' 81559')).toBe(81559);
    expect(smiNumber('412.33')).toBe(412.33);
    expect(smiNumber('81559 MiB')).toBe(81559);
    expect(smiNumber('97 %')).toBe(97);
    expect(smiNumber('70.12 W')).toBe(70.12);
  });
  it('turns the non-values into null', () => {
    for (const v of [
      '[N/A]',
      ' [Not Supported]',
      '[Unknown Error]',
      '[Insufficient Permissions]',
      'N/A',
      '',
      undefined,
    ])
      expect(smiNumber(v)).toBeNull();
  });
});

describe('parseNvidiaSmi', () => {
  it('asks for the fields in the order it parses them', () => {
    expect(NVIDIA_SMI_ARGS).toEqual([
      '--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw,driver_version',
      '--format=csv,noheader,nounits',
    ]);
  });

  it('reads two H100s', () => {
    const out = [
      '0, GPU-5f3c0e2a-7d1b-4c55-9a3e-2b8f6e1d4c70, NVIDIA H100 80GB HBM3, 81559, 73045, 97, 54, 412.33, 550.54.15',
      '1, GPU-0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9, NVIDIA H100 80GB HBM3, 81559, 4, 0, 31, 69.87, 550.54.15',
      '',
    ].join('\n');
    const r = parseNvidiaSmi(out);
    expect(r.gpus).toHaveLength(2);
    expect(r.gpus[0]).toEqual({
      index: 0,
      uuid: 'GPU-5f3c0e2a-7d1b-4c55-9a3e-2b8f6e1d4c70',
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMib: 81559,
      memoryUsedMib: 73045,
      utilizationPct: 97,
      temperatureC: 54,
      powerDrawW: 412.33,
    });
    expect(r.driverVersion).toBe('550.54.15');
    expect(r.unifiedMemory).toBe(false);
  });

  it('reads a consumer board that does not report power ([Not Supported]) and CRLF line ends', () => {
    const r = parseNvidiaSmi(
      '0, GPU-11111111-2222-3333-4444-555555555555, NVIDIA GeForce GTX 1660, 6144, 512, 3, 40, [Not Supported], 535.183.01\r\n',
    );
    expect(r.gpus[0].powerDrawW).toBeNull();
    expect(r.gpus[0].memoryTotalMib).toBe(6144);
  });

  it('flags a unified-memory box (GB10: memory fields [N/A])', () => {
    const r = parseNvidiaSmi(
      '0, GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, NVIDIA GB10, [N/A], [N/A], 0, 38, 4.39, 580.95.05',
    );
    expect(r.unifiedMemory).toBe(true);
    expect(r.gpus[0].memoryTotalMib).toBeNull();
    expect(r.gpus[0].memoryUsedMib).toBeNull();
    expect(r.gpus[0].powerDrawW).toBe(4.39);
  });

  it('keeps a name that contains a comma', () => {
    const r = parseNvidiaSmi('0, GPU-12345678-aaaa-bbbb-cccc-1234567890ab, Board, Rev 2, 24576, 0, 0, 30, 20.5, 550.1');
    expect(r.gpus[0].name).toBe('Board, Rev 2');
    expect(r.gpus[0].memoryTotalMib).toBe(24576);
  });

  it('skips lines it cannot read and says which (an error message instead of CSV)', () => {
    const r = parseNvidiaSmi(
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.",
    );
    expect(r.gpus).toEqual([]);
    expect(r.skipped).toHaveLength(1);
  });

  it('reads MIG-era [Insufficient Permissions] utilisation as unknown', () => {
    const r = parseNvidiaSmi(
      '0, GPU-12345678-aaaa-bbbb-cccc-1234567890ab, NVIDIA A100-SXM4-40GB, 40960, 1, [Insufficient Permissions], 33, 52.1, 535.1',
    );
    expect(r.gpus[0].utilizationPct).toBeNull();
  });
});
