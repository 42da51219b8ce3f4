// Decoding request paths that come from anyone: a page on any site can make the browser request
// `http://127.0.0.1:PORT/%` or `/%c0%ae`, which decodeURIComponent refuses with a URIError.
// Every server decodes through here and answers a 400 instead.

/** The decoded path, or null when it is not valid percent-encoded UTF-8 or holds a NUL. */
export function decodeRequestPath(path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}

/** The path of a request target (`/a/b?x=1` → `/a/b`), without parsing it as a URL, which can throw. */
export const pathOf = (target: string | undefined) => (target ?? '/').split('?')[0];

export const BAD_PATH_MESSAGE =
  'The request path is not valid percent-encoding: write each reserved or non-ASCII byte as %XX of its UTF-8 encoding.';
