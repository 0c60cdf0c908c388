/**
 * Public URLs in one place. These are printed on flyers and stored in calendar apps: keep them stable.
 * An event lives at /veranstaltungen/<id>-<slug>; each occurrence of a series at …/<YYYY-MM-DD>
 * (the date of its original start, which never changes even when the occurrence is moved).
 */
export function eventPath(event: { eventId: number; slug: string }): string {
  return `/veranstaltungen/${event.eventId}-${event.slug}`;
}

export function occurrencePath(o: { eventId: number; slug: string; recurrenceLocal: string }): string {
  return `${eventPath(o)}/${o.recurrenceLocal.slice(0, 10)}`;
}

export function quartierPath(slug: string): string {
  return `/quartiere/${slug}`;
}

export function placePath(slug: string): string {
  return `/orte/${slug}`;
}

/** An offer of the Angebotslandschaft: /angebote/<id>-<slug> (the id keeps the link when the title changes). */
export function offerPath(offer: { id: number; slug: string }): string {
  return `/angebote/${offer.id}-${offer.slug}`;
}

export function actorPath(slug: string): string {
  return `/angebote/akteure/${slug}`;
}

/** The subscribable feed of one place's events (the filtered feed of the published contract, kept short). */
export function placeFeedPath(slug: string): string {
  return `/kalender.ics?ort=${encodeURIComponent(slug)}`;
}

/** The subscribable feed of one Quartier's events. */
export function quartierFeedPath(slug: string): string {
  return `/kalender.ics?quartier=${encodeURIComponent(slug)}`;
}

/** The monthly programme of a place or Quartier page (`basePath` is its page path). */
export function programmePath(basePath: string, monthKey?: string): string {
  return `${basePath}/programm${monthKey ? `?monat=${monthKey}` : ''}`;
}

/** A feed's address as calendar apps open it for subscribing: webcal:// is https with another name. */
export function webcalUrl(absoluteUrl: string): string {
  return absoluteUrl.replace(/^https?:\/\//, 'webcal://');
}
