/**
 * The operator's videos in Deutscher Gebärdensprache (BITV 2.0 § 4): files in the folder DGS_VIDEO_DIR, shown at
 * `/gebaerdensprache` and served by the portal itself (no video platform, no request elsewhere).
 *
 * The folder holds `<name>.mp4` or `<name>.webm`, and optionally beside each `<name>.vtt` (captions) and
 * `<name>.txt` (a transcript), plus an optional `videos.json` with titles: `{ "<name>.mp4": "Title" }`. Without a
 * title the file name gives one ("02-raum-buchen.mp4" becomes "Raum buchen"). Videos are listed by file name, so a
 * number in front sets the order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TITLES_FILE = 'videos.json';

const VIDEO_TYPES = { mp4: 'video/mp4', webm: 'video/webm' } as const;
const COMPANION_TYPES = { vtt: 'text/vtt; charset=utf-8', txt: 'text/plain; charset=utf-8' } as const;

export interface SignLanguageVideo {
  /** The video's file name, also the last part of its URL. */
  file: string;
  type: (typeof VIDEO_TYPES)[keyof typeof VIDEO_TYPES];
  title: string;
  /** File name of the captions (WebVTT), if there are any. */
  captions: string | null;
  /** File name of the text transcript, if there is one. */
  transcript: string | null;
}

/**
 * Names that are safe in a URL path and on every file system: letters, digits, space, `.`, `_`, `-`, not starting
 * with a dot (no hidden files, no `..`).
 */
const SAFE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function baseOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function isVideoExtension(extension: string): extension is keyof typeof VIDEO_TYPES {
  return extension in VIDEO_TYPES;
}

/** "02-raum_buchen" → "Raum buchen": the order number goes, separators become spaces. */
export function titleFromFileName(name: string): string {
  const words = baseOf(name)
    .replace(/^\d+[\s._-]*/, '')
    .replace(/[._-]+/g, ' ')
    .trim();
  const title = words === '' ? baseOf(name) : words;
  return title.charAt(0).toLocaleUpperCase('de-DE') + title.slice(1);
}

/** The regular files in the folder with safe names; an unreadable or vanished folder has none. */
function safeFileNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && SAFE_NAME.test(entry.name))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b, 'de-DE', { numeric: true }));
  } catch {
    return [];
  }
}

/** Titles from `videos.json`; a missing or broken file gives none (the file names still give titles). */
function readTitles(dir: string, names: readonly string[]): Record<string, string> {
  if (!names.includes(TITLES_FILE)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, TITLES_FILE), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== ''));
  } catch {
    return {};
  }
}

/** The videos in the folder (none when no folder is configured), each with its captions and transcript. */
export function listSignLanguageVideos(dir: string | null): SignLanguageVideo[] {
  if (dir === null) return [];
  const names = safeFileNames(dir);
  const present = new Set(names);
  const titles = readTitles(dir, names);
  const companion = (video: string, extension: keyof typeof COMPANION_TYPES): string | null => {
    const name = `${baseOf(video)}.${extension}`;
    return present.has(name) ? name : null;
  };
  return names.flatMap((file) => {
    const extension = extensionOf(file);
    if (!isVideoExtension(extension)) return [];
    return [
      {
        file,
        type: VIDEO_TYPES[extension],
        title: titles[file]?.trim() ?? titleFromFileName(file),
        captions: companion(file, 'vtt'),
        transcript: companion(file, 'txt'),
      },
    ];
  });
}

/**
 * The path and type of a file the video page links to: a listed video, or its captions or transcript. Any other
 * name (another file in the folder, `../…`, an encoded slash) is null, so nothing outside the list is ever read.
 */
export function signLanguageFile(dir: string | null, name: string): { path: string; contentType: string } | null {
  if (dir === null) return null;
  for (const video of listSignLanguageVideos(dir)) {
    if (name === video.file) return { path: join(dir, name), contentType: video.type };
    if (name === video.captions) return { path: join(dir, name), contentType: COMPANION_TYPES.vtt };
    if (name === video.transcript) return { path: join(dir, name), contentType: COMPANION_TYPES.txt };
  }
  return null;
}
