// Log lines as vLLM writes them: `(APIServer pid=1) INFO 11-21 04:34:12 [api_server.py:1839] …`,
// uvicorn's `INFO:     …` lines, and Python's repr() for the `non-default args: {…}` dict.
import { pyFloat } from './prom-text';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
export type LogProcess = 'APIServer' | 'EngineCore_DP0';

const two = (n: number) => String(n).padStart(2, '0');

function stamp(date: Date): string {
  return `${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** The engine core runs in its own process on vLLM; it gets a pid of its own here too. */
function pidOf(proc: LogProcess): number {
  return proc === 'APIServer' ? process.pid : process.pid + 1;
}

export function vllmLine(
  level: LogLevel,
  source: string,
  message: string,
  proc: LogProcess = 'APIServer',
  now = new Date(),
): string {
  return `(${proc} pid=${pidOf(proc)}) ${level} ${stamp(now)} [${source}] ${message}`;
}

/** uvicorn's own lines ("INFO:     Application startup complete."), prefixed like vLLM's. */
export function uvicornLine(message: string, level: LogLevel = 'INFO'): string {
  return `(APIServer pid=${process.pid}) ${`${level}:`.padEnd(10)}${message}`;
}

/** Python's repr() for the JSON-like values an argparse namespace holds. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number')
    return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : pyFloat(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Thousands separators as Python's f"{n:,}" writes them. */
export function withCommas(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** HTTP reason phrases uvicorn prints after the status code. */
export const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
