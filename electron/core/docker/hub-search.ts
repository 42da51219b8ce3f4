// Hugging Face Hub search (through @huggingface/hub), for models beyond the built-in catalog. Offline
// — or when the Hub refuses — it says so plainly and points at the catalog, which works offline.
import { listModels } from '@huggingface/hub';

export interface HubModel {
  id: string;
  task: string | null;
  gated: boolean;
  downloads: number;
  likes: number;
}

export class HubUnavailableError extends Error {}

const TIMEOUT_MS = 8_000;

export async function searchHub(
  query: string,
  options: { limit?: number; accessToken?: string | null; fetch?: typeof fetch } = {},
): Promise<HubModel[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const fetchWithTimeout: typeof fetch = (input, init) =>
    (options.fetch ?? fetch)(input, { ...init, signal: controller.signal });
  const found: HubModel[] = [];
  try {
    for await (const m of listModels({
      search: { query },
      limit: options.limit ?? 20,
      sort: 'downloads',
      fetch: fetchWithTimeout,
      ...(options.accessToken ? { accessToken: options.accessToken } : {}),
    })) {
      found.push({
        id: m.name,
        task: m.task ?? null,
        gated: m.gated !== false,
        downloads: m.downloads,
        likes: m.likes,
      });
    }
    return found;
  } catch (err) {
    const why = controller.signal.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : (err as Error).message;
    throw new HubUnavailableError(
      `The Hugging Face Hub cannot be reached (${why}). Pick a model from the built-in catalog, or type its id (org/name) by hand; deploying it still needs the Hub or a local cache.`,
    );
  } finally {
    clearTimeout(timer);
  }
}
