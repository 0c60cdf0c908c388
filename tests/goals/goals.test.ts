import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, ne } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { problemsOf } from '../helpers/domain';
import {
  addNote,
  getGoal,
  listGoals,
  responsibleActorOptions,
  saveGoal,
  saveMeasure,
  setNotePublic,
  type MeasureInput,
} from '../../src/lib/server/goals/goals';
import { linkOptions, linksOf, setMeasureLinks } from '../../src/lib/server/goals/links';
import { goalsForReport } from '../../src/lib/server/goals/report';
import { buildAchievementsFeed, listAchievements } from '../../src/lib/server/goals/public';

const NOW = new Date('2026-12-01T10:00:00Z');
let db: DbConnection;
let kray: s.Quartier;
let frohnhausen: s.Quartier;

function user(email: string): s.User {
  return db.select().from(s.users).where(eq(s.users.email, email)).get()!;
}
const staffKray = (): s.User => user('kray@example.org');
const staffFrohnhausen = (): s.User => user('frohnhausen@example.org');

function quartier(slug: string): s.Quartier {
  return db.select().from(s.quartiere).where(eq(s.quartiere.slug, slug)).get()!;
}

const measureInput = (over: Partial<MeasureInput> = {}): MeasureInput => ({
  title: 'Erzählcafé im Stadtteilbüro',
  description: '',
  actorId: null,
  responsibleText: 'Quartiersmanagement Kray',
  startsOn: '2026-02-01',
  endsOn: '2026-10-31',
  status: 'laeuft',
  outcome: '',
  showPublicly: false,
  ...over,
});

/** An event, offer, programme or concern id of another Quartier than `quartierId`. */
function foreignEvent(quartierId: number): number {
  return db
    .select({ id: s.eventQuartiere.eventId })
    .from(s.eventQuartiere)
    .where(ne(s.eventQuartiere.quartierId, quartierId))
    .all()
    .find(
      (row) =>
        !db
          .select()
          .from(s.eventQuartiere)
          .where(and(eq(s.eventQuartiere.eventId, row.id), eq(s.eventQuartiere.quartierId, quartierId)))
          .get(),
    )!.id;
}

beforeAll(async () => {
  ({ db } = await demoDb(NOW));
  kray = quartier('kray');
  frohnhausen = quartier('frohnhausen');
}, 60_000);

describe('demo goals', () => {
  it('gives every demo Quartier two or three goals with measures in every state, notes over the past year and links of its own Quartier', () => {
    const admin = user('admin@example.org');
    const demo = goalsForReport(db, { quartierId: null, from: '2025-12-01', to: '2026-12-01' });
    for (const q of db.select().from(s.quartiere).all()) {
      const own = demo.filter((g) => g.quartierId === q.id);
      expect(own.length, q.slug).toBeGreaterThanOrEqual(2);
      expect(own.length, q.slug).toBeLessThanOrEqual(3);
      expect(listAchievements(db, q.id, NOW).finished.length, q.slug).toBeGreaterThan(0);
    }
    const measures = demo.flatMap((g) => g.measures);
    expect(new Set(measures.map((m) => m.status))).toEqual(new Set(s.measureStatuses));
    expect(measures.flatMap((m) => m.notes).length).toBeGreaterThan(15);
    for (const kind of s.measureLinkKinds)
      expect(
        measures.some((m) => m.linkCounts[kind] > 0),
        kind,
      ).toBe(true);
    // Every stored link points at an item of the goal's own Quartier (linksOf drops anything else).
    const stored = db.select().from(s.measureLinks).all().length;
    const resolved = demo.reduce((sum, g) => sum + g.measures.reduce((n, m) => n + Object.values(m.linkCounts).reduce((a, b) => a + b, 0), 0), 0);
    expect(resolved).toBe(stored);
    expect(listGoals(db, admin).length).toBe(demo.length);
  });
});

describe('goals: who may keep them', () => {
  it('lets staff record a goal for their own Quartier and refuses another Quartier and residents', () => {
    const goal = saveGoal(db, staffKray(), null, { quartierId: kray.id, title: 'Mehr Begegnung für Ältere in Kray', description: '' });
    expect(goal.quartierId).toBe(kray.id);
    expect(problemsOf(() => saveGoal(db, staffKray(), null, { quartierId: frohnhausen.id, title: 'Fremdes Ziel', description: '' })).kind).toBe('forbidden');
    expect(problemsOf(() => saveGoal(db, user('bewohnerin@example.org'), null, { quartierId: kray.id, title: 'Ziel', description: '' })).kind).toBe(
      'forbidden',
    );
    // Moving one's own goal into another Quartier is as forbidden as creating it there.
    expect(problemsOf(() => saveGoal(db, staffKray(), goal.id, { quartierId: frohnhausen.id, title: 'Verschoben', description: '' })).kind).toBe('forbidden');
  });

  it('shows a goal only to staff of its Quartier and admins', () => {
    const goal = saveGoal(db, staffKray(), null, { quartierId: kray.id, title: 'Sichere Schulwege', description: '' });
    expect(getGoal(db, staffKray(), goal.id)?.goal.title).toBe('Sichere Schulwege');
    expect(getGoal(db, user('admin@example.org'), goal.id)?.quartier.slug).toBe('kray');
    expect(problemsOf(() => getGoal(db, staffFrohnhausen(), goal.id)).kind).toBe('forbidden');
    expect(listGoals(db, staffFrohnhausen()).some((g) => g.id === goal.id)).toBe(false);
    expect(listGoals(db, staffKray()).find((g) => g.id === goal.id)?.quartierName).toBe(kray.name);
    expect(getGoal(db, staffKray(), 999_999)).toBeNull();
  });
});

describe('measures: states and checks', () => {
  it('reports every mistake at once, each at its field', () => {
    const goal = saveGoal(db, staffKray(), null, { quartierId: kray.id, title: 'Grünflächen pflegen', description: '' });
    const foreignActor = responsibleActorOptions(db, frohnhausen.id).find((a) => !responsibleActorOptions(db, kray.id).some((k) => k.id === a.id))!;
    const result = problemsOf(() =>
      saveMeasure(
        db,
        staffKray(),
        goal.id,
        null,
        measureInput({ actorId: foreignActor.id, startsOn: '2026-05-01', endsOn: '2026-04-30', status: 'laeuft', showPublicly: true }),
      ),
    );
    expect(result.kind).toBe('invalid');
    expect(result.fields).toEqual(['actorId', 'endsOn', 'showPublicly', 'outcome']);
    expect(result.keys).toContain('goals.error.endBeforeStart');
  });

  it('keeps the day a finished measure went public across later edits, and takes it off when unticked', () => {
    const goal = saveGoal(db, staffKray(), null, { quartierId: kray.id, title: 'Nachbarschaft stärken', description: '' });
    const actor = responsibleActorOptions(db, kray.id)[0]!;
    const first = new Date('2026-11-01T09:00:00Z');
    const measure = saveMeasure(
      db,
      staffKray(),
      goal.id,
      null,
      measureInput({ actorId: actor.id, status: 'abgeschlossen', outcome: 'Jeden Monat 20 Gäste.', showPublicly: true }),
      first,
    );
    expect(measure.publicSince).toEqual(first);
    const edited = saveMeasure(
      db,
      staffKray(),
      goal.id,
      measure.id,
      measureInput({ actorId: actor.id, status: 'abgeschlossen', outcome: 'Jeden Monat 25 Gäste.', showPublicly: true }),
      NOW,
    );
    expect(edited.publicSince).toEqual(first);
    const hidden = saveMeasure(db, staffKray(), goal.id, measure.id, measureInput({ status: 'verworfen' }), NOW);
    expect(hidden.publicSince).toBeNull();
    expect(problemsOf(() => saveMeasure(db, staffFrohnhausen(), goal.id, measure.id, measureInput())).kind).toBe('forbidden');
  });

  it("records notes with the writer's role, never a name", () => {
    const goal = saveGoal(db, user('admin@example.org'), null, { quartierId: kray.id, title: 'Beteiligung', description: '' });
    const measure = saveMeasure(db, staffKray(), goal.id, null, measureInput());
    const byStaff = addNote(db, staffKray(), measure.id, { notedOn: '2026-03-01', text: 'Erstes Treffen mit 12 Gästen.', showPublicly: false });
    const byAdmin = addNote(db, user('admin@example.org'), measure.id, { notedOn: '2026-04-01', text: 'Im Ausschuss vorgestellt.', showPublicly: true }, NOW);
    expect([byStaff.authorRole, byAdmin.authorRole]).toEqual(['quartiersmanagement', 'koordinationsstelle']);
    expect(byAdmin.publicSince).toEqual(NOW);
    expect(setNotePublic(db, staffKray(), byStaff.id, true, NOW).publicSince).toEqual(NOW);
    expect(problemsOf(() => setNotePublic(db, staffFrohnhausen(), byStaff.id, false)).kind).toBe('forbidden');
    expect(problemsOf(() => addNote(db, staffFrohnhausen(), measure.id, { notedOn: '2026-04-02', text: 'x', showPublicly: false })).kind).toBe('forbidden');
  });
});

describe('links to events, offers, programmes and concerns', () => {
  it("offers and accepts only items of the goal's Quartier", () => {
    const goal = saveGoal(db, staffKray(), null, { quartierId: kray.id, title: 'Treffpunkte für Familien', description: '' });
    const measure = saveMeasure(db, staffKray(), goal.id, null, measureInput());
    const options = linkOptions(db, kray.id);
    for (const kind of s.measureLinkKinds) expect(options[kind].length, kind).toBeGreaterThan(0);
    const foreignOffer = db.select().from(s.offers).where(ne(s.offers.quartierId, kray.id)).get()!;
    const foreignConcern = db.select().from(s.concerns).where(ne(s.concerns.quartierId, kray.id)).get()!;
    const result = problemsOf(() =>
      setMeasureLinks(db, staffKray(), measure.id, { event: [foreignEvent(kray.id)], offer: [foreignOffer.id], programme: [], concern: [foreignConcern.id] }),
    );
    expect(result.kind).toBe('invalid');
    expect(result.fields).toEqual(['events', 'offers', 'concerns']);

    const choice = { event: [options.event[0]!.id], offer: [options.offer[0]!.id, options.offer[1]!.id], programme: [options.programme[0]!.id], concern: [] };
    setMeasureLinks(db, staffKray(), measure.id, choice);
    const linked = linksOf(db, kray.id, [measure.id]).get(measure.id)!;
    expect(linked.offer.map((o) => o.id)).toEqual(expect.arrayContaining(choice.offer));
    expect([linked.event.length, linked.offer.length, linked.programme.length, linked.concern.length]).toEqual([1, 2, 1, 0]);
    expect(problemsOf(() => setMeasureLinks(db, staffFrohnhausen(), measure.id, choice)).kind).toBe('forbidden');
  });
});

describe('goalsForReport', () => {
  it('gives the goals of a Quartier with measure states, the notes of the period and linked-item counts', () => {
    const goal = saveGoal(db, staffKray(), null, { quartierId: kray.id, title: 'Bericht: Älter werden in Kray', description: '' });
    const running = saveMeasure(db, staffKray(), goal.id, null, measureInput({ title: 'Besuchsdienst ausbauen', startsOn: '2026-01-01', endsOn: null }));
    const finishedEarly = saveMeasure(
      db,
      staffKray(),
      goal.id,
      null,
      measureInput({ title: 'Umfrage', startsOn: '2025-03-01', endsOn: '2025-06-30', status: 'abgeschlossen', outcome: 'Fragebogen' }),
    );
    addNote(db, staffKray(), running.id, { notedOn: '2026-06-30', text: 'Vor dem Zeitraum', showPublicly: false });
    addNote(db, staffKray(), running.id, { notedOn: '2026-07-01', text: 'Erster Tag', showPublicly: false });
    addNote(db, staffKray(), running.id, { notedOn: '2026-09-30', text: 'Letzter Tag', showPublicly: false });
    addNote(db, staffKray(), running.id, { notedOn: '2026-10-01', text: 'Danach', showPublicly: false });
    const options = linkOptions(db, kray.id);
    setMeasureLinks(db, staffKray(), running.id, {
      event: options.event.slice(0, 3).map((o) => o.id),
      offer: [],
      programme: [],
      concern: [options.concern[0]!.id],
    });

    const report = goalsForReport(db, { quartierId: kray.id, from: '2026-07-01', to: '2026-09-30' });
    expect(report.every((g) => g.quartierId === kray.id)).toBe(true);
    const entry = report.find((g) => g.id === goal.id)!;
    expect(entry.statusCounts).toEqual({ geplant: 0, laeuft: 1, abgeschlossen: 1, verworfen: 0 });
    const measure = entry.measures.find((m) => m.id === running.id)!;
    expect(measure.notes.map((n) => n.text)).toEqual(['Erster Tag', 'Letzter Tag']);
    expect(measure.notes[0]!.authorRole).toBe('quartiersmanagement');
    expect(measure.linkCounts).toEqual({ event: 3, offer: 0, programme: 0, concern: 1 });
    expect(measure.responsible).toBe('Quartiersmanagement Kray');
    expect(measure.activeInPeriod).toBe(true);
    expect(entry.measures.find((m) => m.id === finishedEarly.id)!.activeInPeriod).toBe(false);

    const cityWide = goalsForReport(db, { quartierId: null, from: '2026-07-01', to: '2026-09-30' });
    expect(cityWide.some((g) => g.id === goal.id)).toBe(true);
    expect(goalsForReport(db, { quartierId: frohnhausen.id, from: '2026-07-01', to: '2026-09-30' }).some((g) => g.id === goal.id)).toBe(false);
    // Recorded now (after both periods): in the report of 2025, where its survey ran, but not in 2024's.
    expect(goalsForReport(db, { quartierId: kray.id, from: '2025-01-01', to: '2025-12-31' }).some((g) => g.id === goal.id)).toBe(true);
    expect(goalsForReport(db, { quartierId: kray.id, from: '2024-01-01', to: '2024-12-31' }).some((g) => g.id === goal.id)).toBe(false);
  });
});

describe('Was wir erreicht haben', () => {
  it('shows only what staff chose: finished public measures with their organisation, public notes of measures not dropped', () => {
    const goal = saveGoal(db, staffKray(), null, { quartierId: kray.id, title: 'Öffentlich: Spielplatz', description: '' });
    const actor = responsibleActorOptions(db, kray.id)[0]!;
    const shown = saveMeasure(
      db,
      staffKray(),
      goal.id,
      null,
      measureInput({ title: 'Spielplatzfest', actorId: actor.id, status: 'abgeschlossen', outcome: '300 Gäste & neue Bänke', showPublicly: true }),
      NOW,
    );
    const quiet = saveMeasure(db, staffKray(), goal.id, null, measureInput({ title: 'Stille Maßnahme', status: 'abgeschlossen', outcome: 'intern' }));
    const dropped = saveMeasure(db, staffKray(), goal.id, null, measureInput({ title: 'Verworfen', status: 'verworfen' }));
    const publicNote = addNote(db, staffKray(), quiet.id, { notedOn: '2026-11-20', text: 'Neue Bänke stehen.', showPublicly: true }, NOW);
    addNote(db, staffKray(), quiet.id, { notedOn: '2026-11-21', text: 'Interne Notiz', showPublicly: false });
    addNote(db, staffKray(), dropped.id, { notedOn: '2026-11-22', text: 'Notiz einer verworfenen Maßnahme', showPublicly: true }, NOW);

    const achieved = listAchievements(db, kray.id, NOW);
    expect(achieved.finished.map((m) => m.title)).toContain('Spielplatzfest');
    expect(achieved.finished.map((m) => m.title)).not.toContain('Stille Maßnahme');
    expect(achieved.finished.find((m) => m.id === shown.id)?.responsible).toBe(actor.name);
    expect(achieved.notes.map((n) => n.text)).toContain('Neue Bänke stehen.');
    expect(achieved.notes.map((n) => n.text)).not.toContain('Interne Notiz');
    expect(achieved.notes.map((n) => n.text)).not.toContain('Notiz einer verworfenen Maßnahme');
    expect(listAchievements(db, frohnhausen.id, NOW).finished.some((m) => m.id === shown.id)).toBe(false);

    const { body } = buildAchievementsFeed(db, { publicUrl: 'https://quartiere.example', siteName: 'Quartiersportal', quartier: kray }, NOW);
    expect(body).toContain(`<id>tag:quartiere.example,2026:erreicht/kray/massnahme/${shown.id}</id>`);
    expect(body).toContain(`erreicht/kray/notiz/${publicNote.id}`);
    expect(body).toContain('300 Gäste &amp; neue Bänke');
    expect(body).not.toContain('Interne Notiz');
  });

  it('counts concerns answered in the last twelve months', () => {
    const achieved = listAchievements(db, kray.id, NOW);
    const answered = db
      .select()
      .from(s.concerns)
      .where(eq(s.concerns.quartierId, kray.id))
      .all()
      .filter((c) => ['erledigt', 'nicht_entsprochen', 'selbst_beseitigt'].includes(c.status) && c.closedAt && c.closedAt > new Date('2025-12-01T10:00:00Z'));
    expect(achieved.concernsAnswered).toBe(answered.length);
    expect(achieved.concernsSolved).toBe(answered.filter((c) => c.status !== 'nicht_entsprochen').length);
    expect(achieved.concernsAnswered).toBeGreaterThan(0);
  });
});
