/**
 * Range requests (RFC 9110 § 14) for files the portal serves itself, such as videos: a browser asks for parts of a
 * video to start playing before it has all of it and to jump to a later minute, and expects `206 Partial Content`.
 */

/** Inclusive byte positions of the part to send. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range a `Range` header asks for, in a file of `size` bytes:
 * - a `ByteRange` for `bytes=0-499`, `bytes=500-` or `bytes=-500` (the last 500), cut to the file's end;
 * - `'unsatisfiable'` when it starts at or after the end (answer 416);
 * - `null` when the whole file is to be sent: no header, another unit, bad syntax or several ranges (a server may
 *   answer those with the whole file, and browsers never ask for several parts of a video).
 */
export function parseByteRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/i.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  // "bytes=500-100" is not a range at all; "bytes=500-" of a 100-byte file is one that cannot be met.
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/**
 * Whether a range may be honoured: `If-Range` names the version the client already has part of (an ETag or a date);
 * if the file changed since, the whole new file is sent instead of a part that would not fit the rest.
 */
export function ifRangeAllows(ifRange: string | null, etag: string, lastModified: Date): boolean {
  if (ifRange === null) return true;
  const value = ifRange.trim();
  // Strong comparison only: a weak ETag never matches, and a date must be exactly the file's Last-Modified.
  if (value.startsWith('W/')) return false;
  if (value.startsWith('"')) return value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(lastModified.getTime() / 1000) === Math.floor(date / 1000);
}
