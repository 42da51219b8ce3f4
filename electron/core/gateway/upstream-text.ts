// Reads a streamed upstream body as text, chunk by chunk as the socket delivers it, for the two
// stream relays (stream-response.ts, pipeline/relay.ts). The body is read in flowing mode: an
// async iterator over it cost, for every chunk, a 'readable' event, a read(), a promise and a
// generator step, and a paced stream is one chunk per token. Bytes become text through a
// StringDecoder, which joins a character split between two chunks (a third of TextDecoder's
// streaming cost here).
import { finished, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** What `each` returns to stop reading (the body is left as it is: the caller destroys it). */
export const STOP = Symbol('stop');

/**
 * Calls `each` with the text of every chunk of `body`. When `each` returns a promise (a slow
 * client's drain), reading pauses until it settles, so a stuck client holds the upstream back
 * instead of growing the gateway's memory. Resolves once the body has ended or `each` returned
 * STOP; rejects with the body's error, a close before its end included, or with what `each` threw.
 */
export function eachText(
  body: Readable,
  each: (text: string) => undefined | typeof STOP | Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let settled = false;
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      stopWatching();
      if (err) reject(err);
      else resolve();
    };
    const onData = (raw: Buffer | string) => {
      if (settled) return;
      let next: ReturnType<typeof each>;
      try {
        next = each(typeof raw === 'string' ? raw : decoder.write(raw));
      } catch (err) {
        settle(err);
        return;
      }
      if (next === STOP) settle();
      else if (next) {
        body.pause();
        next.then(() => {
          if (!settled) body.resume();
        }, settle);
      }
    };
    // A character cut short at the very end is dropped with the unterminated event it belongs to.
    const stopWatching = finished(body, { writable: false }, settle);
    body.on('data', onData);
  });
}
