/**
 * Atom 1.0 (RFC 4287) written by hand: a few lines of escaped XML, no library needed. Entry ids are tag URIs
 * (RFC 4151), which name a domain without a port: `tag:<host>,2026:<path>`.
 */
import { xmlSafe } from '../concerns/xml';

export interface AtomEntry {
  /** The path part of the entry's tag URI, stable for the life of the entry. */
  tag: string;
  title: string;
  link: string;
  updated: Date;
  category?: { term: string; label: string };
  summary: string;
}

export interface AtomFeed {
  publicUrl: string;
  tag: string;
  title: string;
  author: string;
  selfPath: string;
  alternatePath: string;
  entries: readonly AtomEntry[];
}

/** The feed's last change: its newest entry (the epoch for an empty feed). */
export function feedUpdated(entries: readonly AtomEntry[]): Date {
  return entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), new Date(0));
}

export function renderAtomFeed(feed: AtomFeed): string {
  const host = xmlSafe(new URL(feed.publicUrl).hostname);
  const updated = feedUpdated(feed.entries);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `<id>tag:${host},2026:${xmlSafe(feed.tag)}</id>`,
    `<title>${xmlSafe(feed.title)}</title>`,
    `<author><name>${xmlSafe(feed.author)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${xmlSafe(feed.publicUrl + feed.selfPath)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlSafe(feed.publicUrl + feed.alternatePath)}"/>`,
    `<updated>${updated.toISOString()}</updated>`,
    ...feed.entries.map((e) =>
      [
        '<entry>',
        `<id>tag:${host},2026:${xmlSafe(e.tag)}</id>`,
        `<title>${xmlSafe(e.title)}</title>`,
        `<link rel="alternate" type="text/html" href="${xmlSafe(e.link)}"/>`,
        `<updated>${e.updated.toISOString()}</updated>`,
        ...(e.category ? [`<category term="${xmlSafe(e.category.term)}" label="${xmlSafe(e.category.label)}"/>`] : []),
        `<summary>${xmlSafe(e.summary)}</summary>`,
        '</entry>',
      ].join(''),
    ),
    '</feed>',
    '',
  ].join('\n');
}
