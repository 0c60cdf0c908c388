/**
 * Photos of concerns. Whatever a phone sends is decoded by its content (never trusted by name or type),
 * turned upright, shrunk and re-encoded as JPEG without any metadata: no EXIF, no GPS position, no camera
 * serial number reaches the disk. Files get random names; who may see one is decided by `canSeePhoto`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Sharp from 'sharp';
import { DomainError, problem } from '../errors';
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, PHOTO_MAX_EDGE, photoDir } from './settings';

export interface ProcessedPhoto {
  data: Buffer;
  width: number;
  height: number;
}

export interface StoredPhoto {
  fileName: string;
  width: number;
  height: number;
  bytes: number;
}

/** Formats phones and cameras produce; anything else (PDF, SVG, documents renamed to .jpg) is refused. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'gif', 'tiff']);

/** A decompression bomb (a small file that decodes to billions of pixels) is refused before decoding. */
const MAX_INPUT_PIXELS = 60_000_000;

/** An uploaded file as Actions and endpoints get it. */
export interface Upload {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Empty file inputs arrive as a nameless file of 0 bytes. */
export function givenFiles<T extends Upload>(files: readonly T[] | undefined): T[] {
  return (files ?? []).filter((f) => f.size > 0 || f.name !== '');
}

let sharpModule: Promise<typeof Sharp> | undefined;

/** sharp (libvips, about 19 MB resident) is loaded with the first photo, not at every server start. */
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then((module) => module.default);
  return sharpModule;
}

async function processOne(data: Buffer, name: string, field: string): Promise<ProcessedPhoto> {
  const sharp = await loadSharp();
  const refuse = (): never => {
    throw new DomainError('invalid', problem('concerns.error.photoNotImage', { field, params: { name } }));
  };
  let format: string | undefined;
  try {
    format = (await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    refuse();
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) refuse();
  try {
    const { data: output, info } = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize({ width: PHOTO_MAX_EDGE, height: PHOTO_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data: output, width: info.width, height: info.height };
  } catch {
    return refuse();
  }
}

/**
 * Checks every file (count, size, content) and re-encodes them; all problems are reported at once and nothing
 * is written.
 */
export async function processPhotos(files: readonly Upload[], field = 'photos'): Promise<ProcessedPhoto[]> {
  if (files.length > PHOTO_MAX_COUNT) throw new DomainError('invalid', problem('concerns.error.photoCount', { field, params: { max: PHOTO_MAX_COUNT } }));
  const tooBig = files.filter((f) => f.size > PHOTO_MAX_BYTES);
  if (tooBig.length > 0) {
    throw new DomainError(
      'invalid',
      tooBig.map((f) => problem('concerns.error.photoTooLarge', { field, params: { name: f.name, max: PHOTO_MAX_BYTES / 1024 / 1024 } })),
    );
  }
  const results: ProcessedPhoto[] = [];
  for (const file of files) results.push(await processOne(Buffer.from(await file.arrayBuffer()), file.name, field));
  return results;
}

/** Writes the photos under random names; call `discardPhotos` if the database change that uses them fails. */
export function storePhotos(photos: readonly ProcessedPhoto[]): StoredPhoto[] {
  if (photos.length === 0) return [];
  const dir = photoDir();
  mkdirSync(dir, { recursive: true });
  return photos.map((photo) => {
    const fileName = `${randomBytes(16).toString('hex')}.jpg`;
    writeFileSync(join(dir, fileName), photo.data, { flag: 'wx' });
    return { fileName, width: photo.width, height: photo.height, bytes: photo.data.length };
  });
}

export function discardPhotos(fileNames: readonly string[]): void {
  for (const name of fileNames) rmSync(join(photoDir(), name), { force: true });
}

const FILE_NAME = /^[0-9a-f]{32}\.jpg$/;

export function readPhotoFile(fileName: string): Buffer | null {
  if (!FILE_NAME.test(fileName)) return null;
  try {
    return readFileSync(join(photoDir(), fileName));
  } catch {
    return null;
  }
}

/** The answer for a stored photo: 404 without access or file; public ones may be cached, others are private. */
export function photoResponse(fileName: string, access: 'public' | 'private' | null): Response {
  const data = access ? readPhotoFile(fileName) : null;
  if (!access || !data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(data.length),
      // A file name is never reused; a photo removed or replaced disappears with its name.
      'Cache-Control': access === 'public' ? 'public, max-age=86400' : 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
