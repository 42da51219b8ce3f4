// The desktop shell's security decisions, in one place and as plain functions: the window's web
// preferences, the Content-Security-Policy, which frames may call the admin API, which links may
// leave the app, and the guards put on every session and web contents. Nothing here imports
// 'electron' at run time (types only), so the decisions are tested in plain Node.
import type { Session, WebContents, WebPreferences } from 'electron';

/**
 * Scripts, styles, fonts and fetches only from the app itself; images also as data: URIs; no
 * plugins, frames, <base> or form posts. The desktop renderer talks to the core over IPC, so it
 * needs no network at all; the same string sits in a <meta> tag of renderer/index.html (file://
 * pages get no response headers everywhere) and the headless server sends it as a header.
 * Inline style *attributes* are not needed: React's style props go through the CSSOM.
 */
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export { CONTENT_SECURITY_POLICY };

/**
 * Hosts whose https links open in the user's browser (documentation and model pages the UI links
 * to). Everything else is dropped: a compromised renderer must not be able to hand arbitrary
 * URLs (file:, custom protocol handlers, smb:) to the OS.
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'huggingface.co',
  'docs.vllm.ai',
  'github.com',
  'docs.docker.com',
  'docs.litellm.ai',
  'platform.openai.com',
  'docs.anthropic.com',
  'docs.nvidia.com',
]);

/**
 * The only permission the renderer may have, and only in its own top frame: writing plain text
 * to the clipboard (the "copy docker run" and "copy key" buttons). Camera, microphone,
 * geolocation, notifications (the shell uses native ones), USB/HID/serial… are all refused.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Web preferences of every Switchyard window. webSecurity is left at its default (on). */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The part of a frame (Electron's WebFrameMain) the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

function comparableFileUrl(raw: string, platform: NodeJS.Platform): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'file:' || url.host !== '') return null;
  // Drive letters and folder names compare case-insensitively on Windows.
  return platform === 'win32' ? url.pathname.toLowerCase() : url.pathname;
}

/** True when `url` is our renderer page (any #route or ?query; nothing else). */
export function isRendererUrl(url: string, rendererUrl: string, platform: NodeJS.Platform = process.platform): boolean {
  const ours = comparableFileUrl(rendererUrl, platform);
  return ours !== null && comparableFileUrl(url, platform) === ours;
}

/**
 * Whether an IPC message may reach the admin API: it must come from the top frame of a page
 * showing our own renderer file. A missing frame (navigated away or destroyed mid-call), a
 * sub-frame, any http(s) page or another local file is refused.
 */
export function isTrustedSender(
  frame: FrameLike | null | undefined,
  rendererUrl: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (!frame) return false;
  try {
    if (frame.parent !== null) return false;
    return isRendererUrl(frame.url, rendererUrl, platform);
  } catch {
    // Reading a disposed WebFrameMain throws; such a sender is not trusted.
    return false;
  }
}

/** An https link to an allowlisted host, with no credentials in it. */
export function isAllowedExternalUrl(raw: string, hosts: ReadonlySet<string> = EXTERNAL_LINK_HOSTS): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    hosts.has(url.hostname.toLowerCase())
  );
}

/** The session methods the guards use (Electron's Session has all of them). */
export type GuardedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> & { webRequest: Pick<Session['webRequest'], 'onHeadersReceived'> };

/**
 * Session-wide guards: the CSP header on every response, and permissions denied unless listed in
 * ALLOWED_PERMISSIONS and asked for by our renderer's top frame.
 */
export function applySessionGuards(session: GuardedSession, rendererUrl: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  const allowed = (permission: string, requestingUrl: string | undefined, isMainFrame: boolean) =>
    ALLOWED_PERMISSIONS.has(permission) &&
    isMainFrame &&
    requestingUrl !== undefined &&
    isRendererUrl(requestingUrl, rendererUrl);

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(allowed(permission, details.requestingUrl, details.isMainFrame));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    allowed(permission, details.requestingUrl, details.isMainFrame),
  );
  // WebHID, WebUSB and Web Serial: never.
  session.setDevicePermissionHandler(() => false);
}

/** The web-contents methods the guards use. */
export type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

export interface ContentsGuardOptions {
  rendererUrl: string;
  /** Opens a URL in the user's browser (Electron's shell.openExternal). Only ever given allowlisted https URLs. */
  openExternal: (url: string) => Promise<void> | void;
}

/**
 * Guards for every web contents the app creates: no new windows (allowlisted https links go to
 * the browser instead), no navigation away from the renderer page, no redirects, no <webview>.
 */
export function guardWebContents(contents: GuardedContents, { rendererUrl, openExternal }: ContentsGuardOptions): void {
  const sendToBrowser = (url: string) => {
    if (!isAllowedExternalUrl(url)) {
      console.warn(
        `[security] blocked a link to ${url}: not an https link to an allowlisted host (EXTERNAL_LINK_HOSTS)`,
      );
      return;
    }
    Promise.resolve(openExternal(url)).catch((err: unknown) =>
      console.warn(`[security] could not open ${url}: ${String(err)}`),
    );
  };

  contents.setWindowOpenHandler(({ url }) => {
    sendToBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    // Reloading our own page is fine; anything else leaves the app, so it goes to the browser or nowhere.
    if (isRendererUrl(event.url, rendererUrl)) return;
    event.preventDefault();
    sendToBrowser(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (isRendererUrl(event.url, rendererUrl)) return;
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
