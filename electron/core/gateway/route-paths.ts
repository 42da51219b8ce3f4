// The paths a client may call a route by, as LiteLLM's proxy serves them: every OpenAI route also
// without its `/v1` prefix (/chat/completions, /models, /messages …) and any path with a trailing
// slash. One canonical path per route, so the routes below and the error shape see one name.

/** Routes served under /v1/… that LiteLLM also serves at the root. */
const ROOT_ALIASES = [
  /^\/chat\/completions$/,
  /^\/completions$/,
  /^\/embeddings$/,
  /^\/rerank$/,
  /^\/models(\/.+)?$/,
  /^\/responses(\/[^/]+)?$/,
  /^\/messages(\/count_tokens)?$/,
];

/**
 * The canonical path of a request path: a trailing slash dropped and a root alias given its
 * `/v1`. The pass-through's (/vllm/…) paths are the deployment's own and are left as they are.
 */
export function canonicalPath(path: string): string {
  if (path.startsWith('/vllm/')) return path;
  const trimmed = path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
  if (trimmed.startsWith('/v1/')) return trimmed;
  return ROOT_ALIASES.some((re) => re.test(trimmed)) ? `/v1${trimmed}` : trimmed;
}
