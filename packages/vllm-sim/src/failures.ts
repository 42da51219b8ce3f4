// Failure injection, so fallbacks, retries, crash detection and restarts can be tested:
// `--failure-rate F` draws one of `--failure-types` for a share F of inference requests (from a
// seeded PRNG, so a run is reproducible), and an `X-Return-Error: <status>` request header forces
// an error response with that status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contextLengthError, modelNotFound, sendUnauthorized, sendVllmError, VllmError } from './http-io';
import { Prng } from './prng';
import type { FailureType } from './options';

/** A drawn failure type, or a status forced by the X-Return-Error header. */
export type Failure = { type: FailureType } | { type: 'status'; status: number };

export class FailureInjector {
  private readonly prng: Prng;

  constructor(
    private readonly rate: number,
    private readonly types: readonly FailureType[],
    seed: number,
  ) {
    this.prng = new Prng(seed ^ 0x2545f491);
  }

  /** The failure this request gets, or null. */
  draw(req: IncomingMessage): Failure | null {
    const forced = req.headers['x-return-error'];
    if (typeof forced === 'string' && forced.trim()) {
      const status = Number.parseInt(forced, 10);
      if (status >= 400 && status <= 599) return { type: 'status', status };
    }
    if (this.rate <= 0 || this.prng.next() >= this.rate) return null;
    return { type: this.types[Math.floor(this.prng.next() * this.types.length)] };
  }
}

export const INJECTED = '(injected by the simulator)';

/** What a route does about a drawn failure: it answered already, or it must reset the stream. */
export type FailureOutcome = 'answered' | 'reset-stream';

export interface FailureRequestFacts {
  model: string;
  promptTokens: number;
  maxTokens: number | null;
  maxModelLen: number;
  stream: boolean;
}

/** Answers (or hangs, or drops) a request that drew a failure. */
export function applyFailure(failure: Failure, res: ServerResponse, facts: FailureRequestFacts): FailureOutcome {
  switch (failure.type) {
    case 'status':
      if (failure.status === 401) sendUnauthorized(res);
      else sendVllmError(res, new VllmError(failure.status, `Error forced by the X-Return-Error header ${INJECTED}.`));
      return 'answered';
    case 'server_error':
      sendVllmError(res, new VllmError(500, `EngineCore encountered an issue ${INJECTED}.`));
      return 'answered';
    case 'rate_limit':
      sendVllmError(res, new VllmError(429, `Too many requests: the server is at capacity ${INJECTED}.`));
      return 'answered';
    case 'context_length': {
      const overflow = Math.max(facts.maxTokens ?? 0, facts.maxModelLen - facts.promptTokens + 1);
      sendVllmError(res, contextLengthError(facts.maxModelLen, facts.promptTokens, overflow));
      return 'answered';
    }
    case 'invalid_api_key':
      sendUnauthorized(res);
      return 'answered';
    case 'model_not_found':
      sendVllmError(res, modelNotFound(facts.model));
      return 'answered';
    case 'timeout':
      // Hang: the request is never answered; the client's own timeout ends it.
      return 'answered';
    case 'reset':
      if (facts.stream) return 'reset-stream';
      res.socket?.resetAndDestroy();
      return 'answered';
  }
}
