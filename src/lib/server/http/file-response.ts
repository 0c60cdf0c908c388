/**
 * A file from disk as an HTTP answer, streamed (videos are large), with validators for a cheap 304 and Range
 * support (206 Partial Content) so that a browser can start a video early and jump to any minute.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { computeEtag, isNotModified } from './conditional';
import { ifRangeAllows, parseByteRange } from './byte-range';

export interface ServedFile {
  path: string;
  contentType: string;
  cacheControl: string;
}

function bodyOf(request: Request, path: string, start: number, end: number): BodyInit | null {
  if (request.method === 'HEAD' || end < start) return null;
  return Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
}

/** Answers GET and HEAD for one file; a file that vanished between listing and reading is a 404. */
export function fileResponse(request: Request, file: ServedFile): Response {
  let size: number;
  let lastModified: Date;
  try {
    const stat = statSync(file.path);
    if (!stat.isFile()) return new Response(null, { status: 404 });
    size = stat.size;
    lastModified = stat.mtime;
  } catch {
    return new Response(null, { status: 404 });
  }
  const etag = computeEtag([file.path, size, lastModified.getTime()]);
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Accept-Ranges': 'bytes',
    'Cache-Control': file.cacheControl,
    ETag: etag,
    'Last-Modified': lastModified.toUTCString(),
  };
  if (isNotModified(request, { etag, lastModified })) return new Response(null, { status: 304, headers });

  const range = ifRangeAllows(request.headers.get('if-range'), etag, lastModified) ? parseByteRange(request.headers.get('range'), size) : null;
  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  }
  if (range === null) {
    return new Response(bodyOf(request, file.path, 0, size - 1), { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
  }
  return new Response(bodyOf(request, file.path, range.start, range.end), {
    status: 206,
    headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) },
  });
}
