// What the docker CLI commands share: the io they are given, their error type, and the parsing of
// numeric and --gpus flags. Usage mistakes throw errors coded ERR_PARSE_ARGS_* (exit 2).
import type { GpuSelection } from '../../../shared/deployment-schemas';
import type { InstanceClient } from '../commands/instance-client';

export interface DockerCommandIo {
  print: (line: string) => void;
  /** Connects to the running instance (throws with one clear line when none runs). */
  connect: () => InstanceClient;
  /** For `fit` without --config-json: config.json from the Hub (default: fetch). */
  fetchConfig?: (model: string) => Promise<unknown>;
  sleep?: (ms: number) => Promise<void>;
}

export class DockerCommandError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DockerCommandError';
  }
}
export const usage = (message: string) => new DockerCommandError(message, 'ERR_PARSE_ARGS_USAGE');

export function number(
  flag: string,
  value: string | undefined,
  { integer = false, max = Infinity } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n)))
    throw usage(
      `--${flag} must be a positive ${integer ? 'integer' : 'number'}${max < Infinity ? ` up to ${max}` : ''}, got "${value}"`,
    );
  return n;
}

export function parseGpus(value: string | undefined): GpuSelection | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return { kind: 'all' };
  if (value === 'none') return { kind: 'none' };
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length && parts.every((p) => /^\d+$/.test(p))) return { kind: 'indices', indices: parts.map(Number) };
  if (parts.length && parts.every((p) => /^(GPU|MIG)-/.test(p))) return { kind: 'uuids', uuids: parts };
  throw usage(`--gpus must be all, none, indices such as 0,1, or GPU UUIDs; got "${value}"`);
}
