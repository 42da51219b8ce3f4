// Images for the next message, by paste or drop: each read as a data URL, and one over ~480 kB
// scaled down (longest side 1,280 px, JPEG) so that it fits the admin API's 1 MiB body. Up to four.
import { useState } from 'react';

export const MAX_IMAGES = 4;
const MAX_DATA_URL = 480_000;
const MAX_SIDE = 1280;

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

async function scaled(url: string): Promise<string> {
  if (url.length <= MAX_DATA_URL) return url;
  const image = new Image();
  image.src = url;
  await image.decode();
  for (let side = MAX_SIDE; side >= 160; side = Math.floor(side * 0.7)) {
    const ratio = Math.min(1, side / Math.max(image.naturalWidth, image.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.naturalWidth * ratio));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * ratio));
    canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
    const out = canvas.toDataURL('image/jpeg', 0.85);
    if (out.length <= MAX_DATA_URL) return out;
  }
  throw new Error('the image is too large even scaled down');
}

/** The pending images, and handlers for a composer's paste and drop events. */
export function useImages(onError: (message: string) => void) {
  const [images, setImages] = useState<string[]>([]);
  const add = async (files: File[]) => {
    const pictures = files.filter((f) => /^image\/(png|jpeg|gif|webp)$/.test(f.type));
    if (!pictures.length) return false;
    try {
      const urls = await Promise.all(pictures.map(async (f) => scaled(await readAsDataUrl(f))));
      setImages((now) => [...now, ...urls].slice(0, MAX_IMAGES));
    } catch (err) {
      onError(`Image not added: ${(err as Error).message}`);
    }
    return true;
  };
  return {
    images,
    clear: () => setImages([]),
    remove: (i: number) => setImages((now) => now.filter((_, j) => j !== i)),
    onPaste: (e: React.ClipboardEvent) => {
      const files = [...e.clipboardData.files];
      if (files.some((f) => f.type.startsWith('image/'))) {
        e.preventDefault();
        void add(files);
      }
    },
    onDrop: (e: React.DragEvent) => {
      const files = [...e.dataTransfer.files];
      if (files.length) {
        e.preventDefault();
        void add(files);
      }
    },
    onDragOver: (e: React.DragEvent) => {
      if ([...e.dataTransfer.types].includes('Files')) e.preventDefault();
    },
  };
}
