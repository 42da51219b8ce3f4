// Parsing `nvidia-smi --query-gpu=… --format=csv,noheader,nounits`, robust to the odd values it
// prints: [N/A] and [Not Supported] (fields a board does not report, memory on unified-memory
// systems such as GH200/GB10), [Unknown Error], [Insufficient Permissions], and units left in
// when `nounits` is missing. Pure.
import type { Gpu } from '../../../shared/deployment-schemas';

/** The query Switchyard runs; the parser expects these fields in this order. */
export const GPU_QUERY_FIELDS = [
  'index',
  'uuid',
  'name',
  'memory.total',
  'memory.used',
  'utilization.gpu',
  'temperature.gpu',
  'power.draw',
  'driver_version',
] as const;

export const NVIDIA_SMI_ARGS = [`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];

export interface ParsedGpus {
  gpus: Gpu[];
  driverVersion: string | null;
  /** Some GPU reported no dedicated memory: a unified-memory box (its memory is the system's). */
  unifiedMemory: boolean;
  /** Lines that could not be read, kept for the error message. */
  skipped: string[];
}

/** A number from a field, or null for [N/A], [Not Supported] and other bracketed non-values. */
export function smiNumber(field: string | undefined): number | null {
  if (field === undefined) return null;
  const text = field.trim();
  if (text === '' || /^\[.*\]$/.test(text) || /^n\/?a$/i.test(text)) return null;
  const m = /^(-?\d+(?:\.\d+)?)\s*(MiB|W|%|C)?$/i.exec(text);
  return m ? Number(m[1]) : null;
}

const smiText = (field: string | undefined): string | null => {
  const text = field?.trim() ?? '';
  return text === '' || /^\[.*\]$/.test(text) ? null : text;
};

export function parseNvidiaSmi(output: string): ParsedGpus {
  const gpus: Gpu[] = [];
  const skipped: string[] = [];
  let driverVersion: string | null = null;
  const tailCount = GPU_QUERY_FIELDS.length - 3;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(',');
    // A name may itself contain commas: everything between the uuid and the numeric tail is the name.
    if (parts.length < GPU_QUERY_FIELDS.length) {
      skipped.push(line);
      continue;
    }
    const tail = parts.slice(parts.length - tailCount);
    const index = smiNumber(parts[0]);
    const uuid = smiText(parts[1]);
    if (index === null || !uuid) {
      skipped.push(line);
      continue;
    }
    const [memTotal, memUsed, util, temp, power, driver] = tail;
    driverVersion ??= smiText(driver);
    gpus.push({
      index,
      uuid,
      name: parts
        .slice(2, parts.length - tailCount)
        .join(',')
        .trim(),
      memoryTotalMib: smiNumber(memTotal),
      memoryUsedMib: smiNumber(memUsed),
      utilizationPct: smiNumber(util),
      temperatureC: smiNumber(temp),
      powerDrawW: smiNumber(power),
    });
  }
  return { gpus, driverVersion, unifiedMemory: gpus.some((g) => g.memoryTotalMib === null), skipped };
}
