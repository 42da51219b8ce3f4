// Serves the built renderer with the same strict Content-Security-Policy the desktop window enforces.
// Paths come from anyone (a page on any site can point an <img> at this port), so every bad one is
// a plain-text 4xx: not valid percent-encoding or a NUL → 400, outside the folder → 403.
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { BAD_PATH_MESSAGE, decodeRequestPath } from '../url-path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function serveStatic(root: string, pathname: string, res: ServerResponse) {
  const decoded = decodeRequestPath(pathname);
  if (decoded === null) return sendText(res, 400, BAD_PATH_MESSAGE);
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) return sendText(res, 403, 'That path is outside the UI folder.');
  let stat = safeStat(file);
  // Unknown paths get the app itself (its router decides what to show).
  if (!stat?.isFile()) {
    file = join(root, 'index.html');
    stat = safeStat(file);
  }
  if (!stat?.isFile()) return sendText(res, 404, 'The UI is not built: run `npm run build`.');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
  });
  // A file removed (a rebuild) between stat and read: the stream's error must not go unhandled.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function safeStat(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
