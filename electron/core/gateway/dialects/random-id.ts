// Parts of the ids the dialects and the response store mint (Responses' resp_/msg_/fc_, Anthropic's
// msg_/toolu_). Random parts are cut from a pool of random bytes filled 4 KiB at a time, so an id
// costs a slice, not a call into the system's random source (one per id was 3 % of the gateway's
// CPU on /v1/responses); a response id opens with its time in ms (msHex).
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

function take(bytes: number): Buffer {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return out;
}

/** `bytes` random bytes as lower-case hex (2 characters a byte). */
export const randomHex = (bytes: number): string => take(bytes).toString('hex');

/** `bytes` random bytes as base64url (4 characters for every 3 bytes). */
export const randomBase64url = (bytes: number): string => take(bytes).toString('base64url');

/**
 * A time in ms as 12 hex digits, written as two 24-bit halves: a number past 2^31 converts to hex
 * through the slow path for doubles (a division per digit), small integers do not.
 */
export function msHex(ms: number): string {
  const high = Math.floor(ms / 0x1000000);
  return high.toString(16).padStart(6, '0') + (ms - high * 0x1000000).toString(16).padStart(6, '0');
}
