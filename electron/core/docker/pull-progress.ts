// Docker's image pull progress stream (one JSON object per event, per layer) folded into bytes
// and a fraction for the "pulling" phase. Pure. Download counts for 3/4 of a layer, extraction 1/4.

export interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

interface LayerProgress {
  total: number | null;
  downloaded: number;
  extracted: number;
  done: boolean;
}

export interface PullProgress {
  layers: Record<string, LayerProgress>;
  /** Bytes fetched so far and the sum of the sizes known (layers announce sizes as they start). */
  downloadedBytes: number;
  totalBytes: number;
  fraction: number;
  detail: string;
  error: string | null;
}

export const initialPullProgress = (): PullProgress => ({
  layers: {},
  downloadedBytes: 0,
  totalBytes: 0,
  fraction: 0,
  detail: 'waiting for the registry',
  error: null,
});

const LAYER_STATUSES =
  /^(Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists)$/;

export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1e3;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function readPullEvent(state: PullProgress, event: PullEvent): PullProgress {
  if (event.error || event.errorDetail)
    return { ...state, error: event.errorDetail?.message ?? event.error ?? 'pull failed' };
  if (!event.id || !event.status || !LAYER_STATUSES.test(event.status)) return state;
  const prev = state.layers[event.id] ?? { total: null, downloaded: 0, extracted: 0, done: false };
  const layer = { ...prev };
  const cur = event.progressDetail?.current;
  const tot = event.progressDetail?.total;
  switch (event.status) {
    case 'Downloading':
      if (tot && tot > 0) layer.total = tot;
      if (cur !== undefined) layer.downloaded = cur;
      break;
    case 'Download complete':
    case 'Verifying Checksum':
      if (layer.total) layer.downloaded = layer.total;
      break;
    case 'Extracting':
      if (tot && tot > 0) layer.total ??= tot;
      if (layer.total) layer.downloaded = layer.total;
      if (cur !== undefined) layer.extracted = cur;
      break;
    case 'Pull complete':
    case 'Already exists':
      layer.done = true;
      if (layer.total) layer.downloaded = layer.extracted = layer.total;
      break;
  }
  const layers = { ...state.layers, [event.id]: layer };
  const all = Object.values(layers);
  const sized = all.filter((l) => l.total);
  const totalBytes = sized.reduce((n, l) => n + l.total!, 0);
  const downloadedBytes = sized.reduce((n, l) => n + Math.min(l.downloaded, l.total!), 0);
  const doneCount = all.filter((l) => l.done).length;
  // Layers of unknown size count as whole units, so the bar does not jump to 100 % early.
  const units = all.map((l) =>
    l.done ? 1 : l.total ? 0.75 * Math.min(1, l.downloaded / l.total) + 0.25 * Math.min(1, l.extracted / l.total) : 0,
  );
  const fraction = all.length ? units.reduce((a, b) => a + b, 0) / all.length : 0;
  return {
    layers,
    totalBytes,
    downloadedBytes,
    error: null,
    fraction: Math.min(1, fraction),
    detail: `${formatBytes(downloadedBytes)} of ${formatBytes(totalBytes)} (${doneCount}/${all.length} layers)`,
  };
}
