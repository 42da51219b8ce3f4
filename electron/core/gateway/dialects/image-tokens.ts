// Images in a prompt counted as vision tokens from their pixel size, never from their bytes: a
// 200 KB photo is about 1,600 tokens to a vision model, not the 68,000 its base64 text would be.
// Width and height come from the image's own header (PNG, JPEG, GIF, WebP), parsed from the first
// bytes of the base64 data; a remote URL has no bytes here, so it gets a fixed estimate.
//
// Two figures, as for text (token-estimate.ts):
// - `likely` follows Anthropic's published rule, tokens ≈ width × height / 750 after the image is
//   fitted into a 1568-pixel long edge and ~1,600 tokens; OpenAI's tile formula and Qwen-VL's
//   28-pixel patches land within a factor of two of it for ordinary photos.
// - `upperBound` is for budget reservations: one token per 14 × 14 patch (the smallest patch any
//   common vision encoder uses, before merging), never less than LLaVA-NeXT's 2,880 tokens for
//   any image and never more than 16,384 (Qwen2.5-VL's default pixel cap), plus framing tokens.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ImageDimensions {
  format: ImageFormat;
  width: number;
  height: number;
}

export interface ImageTokenEstimate {
  likely: number;
  upperBound: number;
  /** Null when the size is unknown (a remote URL, or data that is not a PNG/JPEG/GIF/WebP). */
  width: number | null;
  height: number | null;
}

const LONG_EDGE_PX = 1568;
const LIKELY_CAP_TOKENS = 1600;
const PIXELS_PER_TOKEN = 750;
const PATCH_PX = 14;
const UPPER_FLOOR_TOKENS = 2880;
const UPPER_CAP_TOKENS = 16384;
/** Start/end markers a chat template wraps around each image. */
const FRAMING_TOKENS = 4;

/** What an image of unknown size is taken to cost: the largest image the likely rule allows. */
export const UNKNOWN_SIZE_IMAGE: ImageTokenEstimate = {
  likely: LIKELY_CAP_TOKENS + FRAMING_TOKENS,
  upperBound: UPPER_CAP_TOKENS + FRAMING_TOKENS,
  width: null,
  height: null,
};

const be16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const le16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const le24 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function jpegDimensions(b: Uint8Array): ImageDimensions | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: be16(b, i + 5), width: be16(b, i + 7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    i += 2 + be16(b, i + 2);
  }
  return null;
}

function webpDimensions(b: Uint8Array): ImageDimensions | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return { format: 'webp', width: le24(b, 24) + 1, height: le24(b, 27) + 1 };
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { format: 'webp', width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
  }
  return null;
}

/** Width and height from an image's header bytes, or null when the bytes are no image we know. */
export function imageDimensions(b: Uint8Array): ImageDimensions | null {
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') {
    const width = ((b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19]) >>> 0;
    const height = ((b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23]) >>> 0;
    return { format: 'png', width, height };
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    return { format: 'gif', width: le16(b, 6), height: le16(b, 8) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegDimensions(b);
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webpDimensions(b);
  return null;
}

/**
 * Dimensions from base64 image data, decoding only as much as the header needs: the first few
 * hundred bytes for PNG, GIF and WebP; for JPEG, whose size sits after its EXIF and colour
 * segments, a growing prefix, and the whole image only when those segments are that long.
 */
export function base64ImageDimensions(base64: string): ImageDimensions | null {
  for (const bytes of [768, 65_536, Number.POSITIVE_INFINITY]) {
    const chars = Math.ceil(bytes / 3) * 4;
    const found = imageDimensions(Buffer.from(base64.slice(0, chars), 'base64'));
    if (found || chars >= base64.length) return found;
  }
  return null;
}

/** Vision tokens of an image of this many pixels. */
export function imageTokensForSize(width: number, height: number): ImageTokenEstimate {
  if (!(width > 0 && height > 0)) return UNKNOWN_SIZE_IMAGE;
  const fit = Math.min(1, LONG_EDGE_PX / Math.max(width, height));
  const likely = Math.min(LIKELY_CAP_TOKENS, Math.ceil((width * fit * height * fit) / PIXELS_PER_TOKEN));
  const patches = Math.ceil(width / PATCH_PX) * Math.ceil(height / PATCH_PX);
  const upper = Math.min(UPPER_CAP_TOKENS, Math.max(UPPER_FLOOR_TOKENS, patches));
  return { likely: Math.max(1, likely) + FRAMING_TOKENS, upperBound: upper + FRAMING_TOKENS, width, height };
}

/** Vision tokens of base64 image data (no `data:` prefix). */
export function imageTokensForBase64(base64: string): ImageTokenEstimate {
  const size = base64ImageDimensions(base64);
  return size ? imageTokensForSize(size.width, size.height) : UNKNOWN_SIZE_IMAGE;
}

/** Vision tokens of an image URL: a `data:` URL is measured; a remote URL gets the fixed estimate. */
export function imageTokensForUrl(url: string): ImageTokenEstimate {
  const m = /^data:[^,]*?;base64,/i.exec(url.slice(0, 256));
  return m ? imageTokensForBase64(url.slice(m[0].length)) : UNKNOWN_SIZE_IMAGE;
}

/**
 * Vision tokens of one content part in any dialect — chat `image_url`, Responses `input_image`,
 * Anthropic `image` — or null when the part is not an image. For the gateway's prompt estimate.
 */
export function imagePartTokens(part: unknown): ImageTokenEstimate | null {
  if (!part || typeof part !== 'object') return null;
  const p = part as { type?: unknown; image_url?: unknown; source?: unknown };
  if (p.type === 'image_url') {
    const url = (p.image_url as { url?: unknown } | null)?.url ?? p.image_url;
    return typeof url === 'string' ? imageTokensForUrl(url) : UNKNOWN_SIZE_IMAGE;
  }
  if (p.type === 'input_image')
    return typeof p.image_url === 'string' ? imageTokensForUrl(p.image_url) : UNKNOWN_SIZE_IMAGE;
  if (p.type === 'image') {
    const source = p.source as { type?: unknown; data?: unknown } | null;
    return source?.type === 'base64' && typeof source.data === 'string'
      ? imageTokensForBase64(source.data)
      : UNKNOWN_SIZE_IMAGE;
  }
  return null;
}
