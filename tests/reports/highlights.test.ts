/**
 * Public highlights on the demo city: staff of a Quartier (and admins) choose a figure or chart of its report for
 * "Was wir erreicht haben"; staff of another Quartier can neither choose nor remove one; an unknown key is refused
 * with the key in the message; the public list recomputes each figure for the period it was chosen from.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import { problemsOf } from '../helpers/domain';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { chooseHighlight, listPublicHighlights, removeHighlight } from '../../src/lib/server/reports/highlights';
import { computeReport } from '../../src/lib/server/reports/report';
import { presetPeriod } from '../../src/lib/server/reports/period';
import { buildAchievementsFeed } from '../../src/lib/server/goals/public';

const NOW = new Date('2026-12-01T10:00:00Z');
const year = presetPeriod('jahr', NOW);

describe('public highlights of the report', () => {
  let db: DbConnection;
  let kray: s.Quartier;
  const user = (email: string): s.User => db.select().from(s.users).where(eq(s.users.email, email)).get()!;
  const choice = (figureKey: string, comment = '') => ({ quartierId: kray.id, figureKey, from: year.from, to: year.to, comment });

  beforeAll(async () => {
    ({ db } = await demoDb(NOW));
    kray = db.select().from(s.quartiere).where(eq(s.quartiere.slug, 'kray')).get()!;
  });

  it('lets staff of the Quartier choose a figure, recomputed for its period, and change its sentence', () => {
    const staff = user('kray@example.org');
    const first = chooseHighlight(db, staff, choice('veranstaltungen.held', 'Viele Treffen.'), NOW);
    const again = chooseHighlight(db, staff, choice('veranstaltungen.held', 'Mehr Treffen als je zuvor.'), NOW);
    expect(again.id).toBe(first.id);
    const expected = computeReport(db, kray, year, NOW)
      .sections.find((x) => x.id === 'veranstaltungen')!
      .figures.find((f) => f.id === 'held')!.value;
    const shown = listPublicHighlights(db, kray.id, NOW);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ figureKey: 'veranstaltungen.held', comment: 'Mehr Treffen als je zuvor.', period: { from: year.from, to: year.to } });
    expect(shown[0]!.item).toEqual({ kind: 'figure', figure: expect.objectContaining({ id: 'held', value: expected }) });
    expect(listPublicHighlights(db, db.select().from(s.quartiere).where(eq(s.quartiere.slug, 'frohnhausen')).get()!.id, NOW)).toEqual([]);
  });

  it('lets an admin choose a chart; the feed lists it with its sentence', () => {
    chooseHighlight(db, user('admin@example.org'), choice('anliegen.anliegen-monat', 'So viele Hinweise kamen jeden Monat.'), NOW);
    const chart = listPublicHighlights(db, kray.id, NOW).find((h) => h.figureKey === 'anliegen.anliegen-monat')!;
    expect(chart.item.kind).toBe('chart');
    expect(chart.item.kind === 'chart' && chart.item.table.rows).toHaveLength(12);
    const { body } = buildAchievementsFeed(db, { publicUrl: 'https://quartiere.example', siteName: 'Quartiersportal', quartier: kray }, NOW);
    expect(body).toContain(`erreicht/kray/kennzahl/${chart.id}</id>`);
    expect(body).toContain('Zahl aus dem Quartier: Eingegangene Anliegen je Monat');
    expect(body).toContain('So viele Hinweise kamen jeden Monat.');
  });

  it('refuses staff of another Quartier, both choosing and removing', () => {
    const other = user('frohnhausen@example.org');
    expect(problemsOf(() => chooseHighlight(db, other, choice('veranstaltungen.cancelled'), NOW)).kind).toBe('forbidden');
    const shown = listPublicHighlights(db, kray.id, NOW);
    expect(problemsOf(() => removeHighlight(db, other, shown[0]!.id)).kind).toBe('not_found');
    expect(listPublicHighlights(db, kray.id, NOW)).toHaveLength(shown.length);
    expect(problemsOf(() => chooseHighlight(db, user('bewohnerin@example.org'), choice('veranstaltungen.cancelled'), NOW)).kind).toBe('forbidden');
  });

  it('refuses a key the report does not have, a table without chart and the goals section', () => {
    const staff = user('kray@example.org');
    for (const key of ['veranstaltungen.gibtsnicht', 'anliegen.anliegen-kategorie', 'ziele.goals', 'nichts']) {
      expect(problemsOf(() => chooseHighlight(db, staff, choice(key), NOW))).toEqual({
        kind: 'invalid',
        fields: [undefined],
        keys: ['reports.highlight.error.figure'],
      });
    }
    expect(problemsOf(() => chooseHighlight(db, staff, { ...choice('veranstaltungen.held'), to: '2020-01-01' }, NOW)).fields).toEqual(['bis']);
  });

  it('takes a highlight off the page for staff of the Quartier', () => {
    const staff = user('kray@example.org');
    for (const h of listPublicHighlights(db, kray.id, NOW)) removeHighlight(db, staff, h.id);
    expect(listPublicHighlights(db, kray.id, NOW)).toEqual([]);
    expect(db.select().from(s.auditLog).where(eq(s.auditLog.action, 'report.highlight.remove')).all()).toHaveLength(2);
  });
});
