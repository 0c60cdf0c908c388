import { beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import { problemsOf } from '../helpers/domain';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { locales } from '../../src/i18n';
import {
  listTranslations,
  removeTranslation,
  saveTranslation,
  titleIn,
  translatedContent,
  translationLocales,
  type TranslationSubjectKind,
} from '../../src/lib/server/translations';
import { deleteEvent } from '../../src/lib/server/events/commands';
import { listOccurrences } from '../../src/lib/server/events/listing';
import { parseEventFilter, resolveEventFilter } from '../../src/lib/server/events/filters';
import { parseOfferQuery, searchOffers } from '../../src/lib/server/offers/search';

const NOW = new Date('2026-12-01T10:00:00Z');
let db: DbConnection;

const user = (email: string): s.User => db.select().from(s.users).where(eq(s.users.email, email)).get()!;
const eventId = (title: string): number => db.select({ id: s.events.id }).from(s.events).where(eq(s.events.title, title)).get()!.id;
const offerOf = (actorName: string): number =>
  db.select({ id: s.offers.id }).from(s.offers).innerJoin(s.actors, eq(s.actors.id, s.offers.actorId)).where(eq(s.actors.name, actorName)).get()!.id;
const translate = (email: string, kind: TranslationSubjectKind, subjectId: number, locale = 'en', title = 'A title', summary = '') =>
  saveTranslation(db, user(email), { kind, subjectId, locale, title, summary }, NOW);

beforeAll(async () => {
  ({ db } = await demoDb(NOW));
}, 60_000);

describe('who may translate', () => {
  it('refuses an event to a member of an organisation and to staff of another Quartier, and lets staff of its Quartier translate it', () => {
    const wandercafe = eventId('Quartiersversammlung Kray');
    expect(problemsOf(() => translate('verein@example.org', 'event', wandercafe)).kind).toBe('forbidden');
    expect(problemsOf(() => translate('kirche@example.org', 'event', wandercafe)).kind).toBe('forbidden');
    expect(problemsOf(() => translate('frohnhausen@example.org', 'event', wandercafe)).kind).toBe('forbidden');
    expect(translate('kray@example.org', 'event', wandercafe, 'en', 'Kray residents’ meeting').title).toBe('Kray residents’ meeting');
    expect(listTranslations(db, 'event', wandercafe).en?.title).toBe('Kray residents’ meeting');
  });

  it('lets an organisation translate its own offer but not another organisation’s, nor one whose changes staff review', () => {
    const own = offerOf('Bürgerverein Kray e.V.');
    const other = offerOf('Kath. Kirchengemeinde St. Barbara');
    expect(translate('verein@example.org', 'offer', own, 'tr', 'Mahalle kahvaltısı').locale).toBe('tr');
    expect(problemsOf(() => translate('verein@example.org', 'offer', other)).kind).toBe('forbidden');
    const reviewed = problemsOf(() => translate('kirche@example.org', 'offer', other));
    expect(reviewed).toMatchObject({ kind: 'forbidden', keys: ['translations.error.reviewed'] });
    expect(translate('kray@example.org', 'offer', other, 'en', 'Parish coffee').title).toBe('Parish coffee');
  });

  it('leaves a place to the staff of its Quartier and a programme to its coordinator', () => {
    const place = db.select().from(s.places).where(eq(s.places.slug, 'stadtteilbuero-kray')).get()!;
    expect(problemsOf(() => translate('frohnhausen@example.org', 'place', place.id)).kind).toBe('forbidden');
    expect(translate('kray@example.org', 'place', place.id, 'en', 'Stadtteilbüro Kray').placeId).toBe(place.id);
    const programme = db.select().from(s.volunteerProgrammes).where(eq(s.volunteerProgrammes.slug, 'seniorenbegleitung')).get()!;
    expect(problemsOf(() => translate('frohnhausen@example.org', 'programme', programme.id)).kind).toBe('forbidden');
    expect(translate('kray@example.org', 'programme', programme.id, 'en', 'Seniorenbegleitung: visiting older neighbours').programmeId).toBe(programme.id);
  });

  it('answers an unknown subject with not found', () => {
    expect(problemsOf(() => translate('admin@example.org', 'event', 999_999)).kind).toBe('not_found');
    expect(problemsOf(() => translate('admin@example.org', 'offer', 999_999)).kind).toBe('not_found');
  });
});

describe('the form', () => {
  it('reports every problem at once, each next to its field', () => {
    const id = eventId('Fahrradwerkstatt zum Mitmachen');
    const result = problemsOf(() => translate('admin@example.org', 'event', id, 'en', '   ', 'x'.repeat(301)));
    expect(result).toMatchObject({ kind: 'invalid', fields: ['title', 'summary'], keys: ['translations.error.titleRequired', 'form.field.tooLong'] });
    expect(problemsOf(() => translate('admin@example.org', 'event', id, 'de', 'Titel')).keys).toEqual(['translations.error.locale']);
    expect(problemsOf(() => translate('admin@example.org', 'event', id, 'en', 'x'.repeat(151))).fields).toEqual(['title']);
    expect(listTranslations(db, 'event', id)).toEqual({});
  });

  it('replaces a translation on a second save and removes it', () => {
    const id = eventId('Fahrradwerkstatt zum Mitmachen');
    translate('admin@example.org', 'event', id, 'uk', 'Велосипедна майстерня');
    translate('admin@example.org', 'event', id, 'uk', 'Велосипедна майстерня для всіх', 'Ремонтуємо велосипеди разом.');
    expect(db.select().from(s.contentTranslations).where(eq(s.contentTranslations.eventId, id)).all()).toHaveLength(1);
    expect(listTranslations(db, 'event', id).uk).toEqual({ title: 'Велосипедна майстерня для всіх', summary: 'Ремонтуємо велосипеди разом.' });
    expect(removeTranslation(db, user('admin@example.org'), { kind: 'event', subjectId: id, locale: 'uk' })).toBe(true);
    expect(problemsOf(() => removeTranslation(db, user('admin@example.org'), { kind: 'event', subjectId: id, locale: 'uk' })).kind).toBe('not_found');
    expect(problemsOf(() => removeTranslation(db, user('frohnhausen@example.org'), { kind: 'event', subjectId: id, locale: 'uk' })).kind).toBe('forbidden');
  });
});

describe('reading', () => {
  it('gives the translation in the reader’s language and the German original marked de otherwise', () => {
    const wandercafe = db.select().from(s.events).where(eq(s.events.title, 'Wandercafé')).get()!;
    const other = db.select().from(s.events).where(eq(s.events.title, 'Fahrradwerkstatt zum Mitmachen')).get()!;
    const tr = translatedContent(db, 'event', [wandercafe.id, other.id], 'tr');
    expect(tr.get(wandercafe.id)).toMatchObject({ title: 'Gezici Kafe', lang: 'tr' });
    expect(tr.get(other.id)).toEqual({ title: other.title, summary: other.description, lang: 'de', germanTitle: other.title });
    // A German reader gets no entry: the page shows the original it holds, marked German by `titleIn`.
    expect(translatedContent(db, 'event', [wandercafe.id], 'de').size).toBe(0);
    expect(titleIn(translatedContent(db, 'event', [wandercafe.id], 'de').get(wandercafe.id), 'Wandercafé')).toEqual({ text: 'Wandercafé', lang: 'de' });
    expect(translatedContent(db, 'event', [wandercafe.id], 'en').get(wandercafe.id)).toMatchObject({ title: 'Wandercafé', lang: 'de' });
    const place = db.select().from(s.places).where(eq(s.places.slug, 'stadtteilbuero-bergmannsfeld')).get()!;
    expect(translatedContent(db, 'place', [place.id], 'uk').get(place.id)?.summary).toMatch(/^Консультації/);
  });

  it('asks the database nothing for a German reader', () => {
    const translated = eventId('Sprachcafé');
    const prepare = vi.spyOn(db.$client, 'prepare');
    try {
      expect(translatedContent(db, 'event', [translated], 'de').size).toBe(0);
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
  });

  it('reads a whole list in one query', () => {
    const ids = db
      .select({ id: s.events.id })
      .from(s.events)
      .limit(40)
      .all()
      .map((r) => r.id);
    const prepare = vi.spyOn(db.$client, 'prepare');
    try {
      const content = translatedContent(db, 'event', ids, 'ar');
      expect(content.size).toBe(ids.length);
      expect(prepare).toHaveBeenCalledTimes(1);
    } finally {
      prepare.mockRestore();
    }
  });

  it('deletes the translations with their subject', () => {
    const id = eventId('Sprachcafé');
    expect(Object.keys(listTranslations(db, 'event', id)).sort()).toEqual(['ar', 'tr', 'uk']);
    deleteEvent(db, user('admin@example.org'), id);
    expect(db.select().from(s.contentTranslations).where(eq(s.contentTranslations.eventId, id)).all()).toEqual([]);
  });

  it('translates into every enabled language but German', () => {
    expect([...translationLocales].sort()).toEqual(locales.filter((l) => l !== 'de').sort());
  });
});

describe('search', () => {
  it('finds events and offers by a translated title, in Turkish and in Ukrainian', () => {
    const found = (q: string) =>
      listOccurrences(db, { filter: resolveEventFilter(db, parseEventFilter(new URLSearchParams({ q }))), from: NOW, limit: 50 }).items.map((o) => o.title);
    expect(found('gezici kafe').length).toBeGreaterThan(0);
    expect(new Set(found('gezici kafe'))).toEqual(new Set(['Wandercafé']));
    expect(new Set(found('Мандрівне'))).toEqual(new Set(['Wandercafé']));
    expect(found('gezici fahrrad')).toEqual([]);
    const offers = searchOffers(db, parseOfferQuery(new URLSearchParams({ q: 'dil kafesi' })), NOW).items;
    expect(offers.map((o) => o.title)).toEqual(['Sprachcafé']);
  });

  it('finds an offer by a title translated later, and no longer once it is removed', () => {
    const id = offerOf('Bürgerverein Kray e.V.');
    const search = () => searchOffers(db, parseOfferQuery(new URLSearchParams({ q: 'kahvaltısı' })), NOW).items.map((o) => o.id);
    translate('verein@example.org', 'offer', id, 'tr', 'Mahalle kahvaltısı');
    expect(search()).toContain(id);
    removeTranslation(db, user('verein@example.org'), { kind: 'offer', subjectId: id, locale: 'tr' });
    expect(search()).not.toContain(id);
  });
});

describe('the table', () => {
  it('refuses a row whose kind names another subject', () => {
    const id = eventId('Wandercafé');
    expect(() => db.insert(s.contentTranslations).values({ subjectKind: 'place', eventId: id, locale: 'en', title: 'x', updatedAt: NOW }).run()).toThrow(
      /CHECK constraint failed/,
    );
    expect(() =>
      db
        .insert(s.contentTranslations)
        .values({ subjectKind: 'event', eventId: id, locale: 'fr' as 'en', title: 'x', updatedAt: NOW })
        .run(),
    ).toThrow(/CHECK constraint failed/);
    expect(
      db
        .select()
        .from(s.contentTranslations)
        .where(and(eq(s.contentTranslations.eventId, id), eq(s.contentTranslations.locale, 'en')))
        .all(),
    ).toEqual([]);
  });
});
