#!/usr/bin/env node
// Draws Switchyard's icons with no dependencies and no network: the app icon (the renderer's
// favicon, renderer/public/icon.svg, at every size the installers want) and the tray icons
// (full colour, plus a monochrome macOS "Template" image). Shapes are rendered from signed
// distances with 4×4 supersampling and written as PNG with zlib.
//   node resources/icons/generate.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// The design, in the SVG's 32×32 units: an indigo rounded square and a white switch track.
const VIEW = 32;
const BG = { x: 0, y: 0, w: 32, h: 32, r: 7 };
const TRACKS = [
  [
    [7, 22],
    [13, 22],
    [19, 10],
    [25, 10],
  ],
  [
    [7, 10],
    [13, 10],
    [15, 14],
  ],
  [
    [19, 22],
    [25, 22],
  ],
];
const STROKE = 2.4;
const INDIGO = [0x4f, 0x46, 0xe5];
const WHITE = [0xff, 0xff, 0xff];

const svgPath = TRACKS.map((line) => `M${line.map(([x, y]) => `${x} ${y}`).join(' L')}`).join(' ');
const svg = (withBackground) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEW} ${VIEW}">` +
  (withBackground ? `<rect width="${BG.w}" height="${BG.h}" rx="${BG.r}" fill="#4f46e5"/>` : '') +
  `<path d="${svgPath}" fill="none" stroke="${withBackground ? '#fff' : '#000'}" stroke-width="${STROKE}" stroke-linecap="round" stroke-linejoin="round"/></svg>\n`;

function roundedRectDistance(px, py, { x, y, w, h, r }) {
  const qx = Math.abs(px - (x + w / 2)) - (w / 2 - r);
  const qy = Math.abs(py - (y + h / 2)) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Round caps and joins: a polyline stroke is the union of capsules around its segments. */
function onTrack(px, py, strokeScale) {
  for (const line of TRACKS) {
    for (let i = 1; i < line.length; i += 1) {
      if (segmentDistance(px, py, line[i - 1], line[i]) <= (STROKE * strokeScale) / 2) return true;
    }
  }
  return false;
}

/**
 * RGBA pixels of the icon at `size`. `template`: black tracks on transparent (macOS menu bar).
 * Small tray sizes get slightly thicker strokes so the track stays legible at 16 px.
 */
function render(size, { template = false, strokeScale = 1 } = {}) {
  const pixels = Buffer.alloc(size * size * 4);
  const SS = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SS; sy += 1) {
        for (let sx = 0; sx < SS; sx += 1) {
          const px = ((x + (sx + 0.5) / SS) / size) * VIEW;
          const py = ((y + (sy + 0.5) / SS) / size) * VIEW;
          const track = onTrack(px, py, strokeScale);
          if (track) fg += 1;
          else if (!template && roundedRectDistance(px, py, BG) <= 0) bg += 1;
        }
      }
      const n = SS * SS;
      const alpha = (fg + bg) / n;
      const colour = template ? [0, 0, 0] : INDIGO.map((c, i) => (alpha ? (c * bg + WHITE[i] * fg) / (fg + bg) : 0));
      const o = (y * size + x) * 4;
      pixels[o] = Math.round(colour[0]);
      pixels[o + 1] = Math.round(colour[1]);
      pixels[o + 2] = Math.round(colour[2]);
      pixels[o + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA, non-interlaced PNG: each row prefixed with filter type 0. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(relative, data) {
  const path = join(here, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  console.log(`wrote resources/icons/${relative}`);
}

write('icon.svg', svg(true));
write('trayTemplate.svg', svg(false));
// electron-builder turns icon.png into .icns (macOS) and .ico (Windows); Linux takes the folder.
write('icon.png', encodePng(1024, render(1024)));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`png/${size}x${size}.png`, encodePng(size, render(size)));
write('tray.png', encodePng(16, render(16, { strokeScale: 1.25 })));
write('tray@2x.png', encodePng(32, render(32, { strokeScale: 1.15 })));
write('trayTemplate.png', encodePng(16, render(16, { template: true, strokeScale: 1.25 })));
write('trayTemplate@2x.png', encodePng(32, render(32, { template: true, strokeScale: 1.15 })));
