// The renderer's Content-Security-Policy, one string for every place that sends it: the desktop
// window's response headers, the headless server's header, and the meta tag in renderer/index.html
// (a test keeps that copy equal). Scripts and styles come only from the app itself; React's style
// props go through the CSSOM, which style-src does not govern.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
