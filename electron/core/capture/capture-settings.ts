// The body-capture setting (shared/contract-capture.ts CaptureSettings): one JSON value in the
// settings table, global switch plus per-key choices. The admin API changes it (and announces a
// `capture` change, so the gateway process re-reads it); the gateway holds it in memory as a
// CapturePolicy, so a request costs one boolean check while capture is off everywhere.
import {
  CaptureSettings,
  DEFAULT_CAPTURE_SETTINGS,
  type CaptureSettings as Settings,
} from '../../../shared/contract-capture';
import type { ChangeNotice } from '../changes';
import { ApiError } from '../errors';
import type { Store } from '../store';

type Ctx = { store: Store; changes: ChangeNotice };

export const CAPTURE_SETTING = 'capture.settings';

export function readCaptureSettings(store: Store): Settings {
  const row = store.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(CAPTURE_SETTING) as
    | { value: string }
    | undefined;
  if (!row) return structuredClone(DEFAULT_CAPTURE_SETTINGS);
  // A stored value that no longer validates (hand-edited, older version) falls back to the defaults field by field.
  let stored: Record<string, unknown> = {};
  try {
    stored = JSON.parse(row.value) as Record<string, unknown>;
  } catch {}
  const merged: Record<string, unknown> = structuredClone(DEFAULT_CAPTURE_SETTINGS);
  for (const [key, value] of Object.entries(stored ?? {})) {
    const field = CaptureSettings.shape[key as keyof Settings];
    if (field?.safeParse(value).success) merged[key] = field.parse(value);
  }
  return CaptureSettings.parse(merged);
}

function write({ store, changes }: Ctx, next: Settings): Settings {
  store.db
    .prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
    .run(CAPTURE_SETTING, JSON.stringify(next));
  changes.publish({ kind: 'capture' });
  return next;
}

export function updateCaptureSettings(ctx: Ctx, change: Partial<Settings>): Settings {
  const keys =
    change.keys && Object.fromEntries(Object.entries(change.keys).map(([id, on]) => [knownKey(ctx.store, id), on]));
  return write(ctx, CaptureSettings.parse({ ...readCaptureSettings(ctx.store), ...change, ...(keys ? { keys } : {}) }));
}

/** One key's choice: capture (true), never (false), or follow the global switch (null). */
export function setKeyCapture(ctx: Ctx, keyId: string, capture: boolean | null): Settings {
  const id = knownKey(ctx.store, keyId);
  const current = readCaptureSettings(ctx.store);
  const keys = { ...current.keys };
  if (capture === null) delete keys[id];
  else keys[id] = capture;
  return write(ctx, { ...current, keys });
}

function knownKey(store: Store, keyId: string): string {
  const key = store.keys.get(keyId);
  if (!key)
    throw new ApiError('not_found', `No key with id "${keyId}": keys.list gives the ids (not the sk-… key itself).`);
  return key.id;
}

/** The gateway's copy: which requests to capture, re-read at each reload. */
export class CapturePolicy {
  private settings: Settings = DEFAULT_CAPTURE_SETTINGS;
  /** Whether any key could be captured: false means nothing to look up per request. */
  private anyOn = false;

  constructor(private readonly store: Store) {
    this.reload();
  }

  reload(): void {
    this.settings = readCaptureSettings(this.store);
    this.anyOn = this.settings.enabled || Object.values(this.settings.keys).some(Boolean);
  }

  /** The settings to capture this key's request by, or null when it is not captured. */
  for(keyId: string | null): Settings | null {
    if (!this.anyOn) return null;
    const choice = keyId === null ? undefined : this.settings.keys[keyId];
    return (choice ?? this.settings.enabled) ? this.settings : null;
  }
}
