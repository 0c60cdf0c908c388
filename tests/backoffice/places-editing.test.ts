import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { auditLog, openingExceptions, openingHours, places } from '../../db/schema';
import {
  addOpeningException,
  addOpeningPeriod,
  getPlace,
  placeToForm,
  PlaceValidationError,
  removeOpeningException,
  removeOpeningPeriod,
  updatePlace,
} from '../../src/lib/server/places/editing';
import { ForbiddenError } from '../../src/lib/server/errors';
import { demoDb } from '../helpers/db';
import { idOf, userByEmail } from './fixtures';

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof PlaceValidationError) return error.fields as Record<string, string>;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('staff editing places and opening hours', () => {
  let db: DbConnection;
  beforeEach(async () => {
    ({ db } = await demoDb(new Date('2027-03-01T09:00:00Z')));
  });
  const treff = () => getPlace(db, idOf.place(db, 'quartierstreff-kray-nord'))!;
  const periods = (placeId: number) => db.select().from(openingHours).where(eq(openingHours.placeId, placeId)).all();

  it('adds a period that runs past midnight and removes it again, with audit entries', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const place = treff();
    const before = periods(place.id).length;
    const period = addOpeningPeriod(db, staff, place.id, { weekday: '5', opens: '18:00', closes: '01:00', note: 'Jugendabend' });
    expect([period.weekday, period.opens, period.closes]).toEqual([5, '18:00', '01:00']);
    expect(periods(place.id)).toHaveLength(before + 1);
    expect(removeOpeningPeriod(db, staff, place.id, period.id)).toBe(true);
    expect(periods(place.id)).toHaveLength(before);
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityType, 'place'))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(['place.hours.add', 'place.hours.remove']);
  });

  it.each([
    ['a weekday out of range', { weekday: '8', opens: '10:00', closes: '12:00' }, { weekday: 'bo.err.weekday' }],
    ['an impossible time', { weekday: '1', opens: '25:00', closes: '12:00' }, { opens: 'bo.err.timeInvalid' }],
    ['an empty period', { weekday: '1', opens: '10:00', closes: '10:00' }, { closes: 'bo.err.periodEmpty' }],
  ])('rejects %s and stores nothing', (_name, input, expected) => {
    const place = treff();
    const before = periods(place.id).length;
    expect(fieldsOf(() => addOpeningPeriod(db, userByEmail(db, 'kray@example.org'), place.id, input))).toEqual(expected);
    expect(periods(place.id)).toHaveLength(before);
  });

  it('adds a closure for a date range and special hours for one day, and rejects a range that ends before it starts', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const place = treff();
    const closure = addOpeningException(db, staff, place.id, { dateFrom: '2027-07-05', dateTo: '2027-07-23', kind: 'closed', reason: 'Sommerferien' });
    expect([closure.kind, closure.opens, closure.reason]).toEqual(['closed', null, 'Sommerferien']);
    const special = addOpeningException(db, staff, place.id, {
      dateFrom: '2027-09-04',
      kind: 'special_hours',
      opens: '11:00',
      closes: '22:00',
      reason: 'Stadtteilfest',
    });
    expect([special.dateTo, special.opens, special.closes]).toEqual(['2027-09-04', '11:00', '22:00']);
    expect(fieldsOf(() => addOpeningException(db, staff, place.id, { dateFrom: '2027-07-05', dateTo: '2027-07-01', kind: 'closed' }))).toEqual({
      dateTo: 'bo.err.dateToBeforeFrom',
    });
    expect(fieldsOf(() => addOpeningException(db, staff, place.id, { dateFrom: '2027-07-05', kind: 'special_hours' }))).toEqual({
      opens: 'bo.err.timeInvalid',
      closes: 'bo.err.timeInvalid',
    });
    expect(removeOpeningException(db, staff, place.id, closure.id)).toBe(true);
    expect(db.select().from(openingExceptions).where(eq(openingExceptions.id, closure.id)).get()).toBeUndefined();
  });

  it('does not remove a period of another place through this place', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const other = getPlace(db, idOf.place(db, 'stadtteilbuero-kray'))!;
    const foreign = periods(other.id)[0]!;
    expect(removeOpeningPeriod(db, staff, treff().id, foreign.id)).toBe(false);
    expect(periods(other.id).some((p) => p.id === foreign.id)).toBe(true);
  });

  it('refuses staff of another Quartier by itself: no closure, no period, no change of the Kray Treff', () => {
    const other = userByEmail(db, 'frohnhausen@example.org');
    const place = treff();
    const closures = db.select().from(openingExceptions).where(eq(openingExceptions.placeId, place.id)).all();
    const before = periods(place.id);
    expect(() => addOpeningException(db, other, place.id, { dateFrom: '2027-07-05', kind: 'closed', reason: 'Übernommen' })).toThrow(ForbiddenError);
    expect(() => addOpeningPeriod(db, other, place.id, { weekday: '1', opens: '10:00', closes: '12:00' })).toThrow(ForbiddenError);
    expect(() => removeOpeningPeriod(db, other, place.id, before[0]!.id)).toThrow(ForbiddenError);
    expect(() => updatePlace(db, other, place.id, { ...placeToForm(place), name: 'Übernommen' })).toThrow(ForbiddenError);
    expect(db.select().from(openingExceptions).where(eq(openingExceptions.placeId, place.id)).all()).toEqual(closures);
    expect(periods(place.id)).toEqual(before);
    expect(getPlace(db, place.id)).toEqual(place);
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'place')).all()).toEqual([]);
  });

  it('updates accessibility facts and keeps the slug; rejects a bad postcode without changing anything', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const place = treff();
    const updated = updatePlace(db, staff, place.id, { ...placeToForm(place), hearingLoop: true, accessibilityNotes: 'Rampe am Seiteneingang.' });
    expect([updated.hearingLoop, updated.accessibilityNotes, updated.slug]).toEqual([true, 'Rampe am Seiteneingang.', place.slug]);
    expect(fieldsOf(() => updatePlace(db, staff, place.id, { ...placeToForm(updated), postalCode: '453', name: '' }))).toEqual({
      postalCode: 'bo.err.postalCode',
      name: 'bo.err.placeNameRequired',
    });
    expect(db.select().from(places).where(eq(places.id, place.id)).get()).toEqual(updated);
  });
});
