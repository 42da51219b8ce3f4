// Reads a streamed upstream body as text for the two stream relays (stream-response.ts,
// pipeline/relay.ts): the text of everything one socket read brought, in one call. The body is
// read in flowing mode, and the chunks of one read (undici hands over each HTTP chunk on its own,
// and an engine that runs ahead writes many events into one read) are joined in a microtask, so a
// relay parses and writes once a read: an async iterator did that too, but cost a 'readable'
// event, a promise and a generator step a read, and a paced stream is one read per token. Bytes
// become text through a StringDecoder, which joins a character split between two chunks (a third
// of TextDecoder's streaming cost here).
import { finished, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** What `each` returns to stop reading (the body is left as it is: the caller destroys it). */
export const STOP = Symbol('stop');

/**
 * Calls `each` with the text of what each read of `body` brought. When `each` returns a promise (a
 * slow client's drain), reading pauses until it settles, so a stuck client holds the upstream back
 * instead of growing the gateway's memory. Resolves once the body has ended (after `each` had its
 * last text) or `each` returned STOP; rejects with the body's error, a close before its end
 * included, or with what `each` threw.
 */
export function eachText(
  body: Readable,
  each: (text: string) => undefined | typeof STOP | Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let scheduled = false;
    let settled = false;
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      stopWatching();
      if (err) reject(err);
      else resolve();
    };
    /** Hands `each` what came since the last call. */
    const deliver = () => {
      scheduled = false;
      if (settled || !pending) return;
      const text = pending;
      pending = '';
      let next: ReturnType<typeof each>;
      try {
        next = each(text);
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
    const onData = (raw: Buffer | string) => {
      if (settled) return;
      pending += typeof raw === 'string' ? raw : decoder.write(raw);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(deliver);
      }
    };
    // The end can be seen before the microtask of the last read: that text goes first. A character
    // cut short at the very end is dropped with the unterminated event it belongs to.
    const stopWatching = finished(body, { writable: false }, (err) => {
      if (!err) deliver();
      settle(err);
    });
    body.on('data', onData);
  });
}
