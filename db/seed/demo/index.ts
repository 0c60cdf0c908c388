/**
 * The demo city, seeded on first start outside production: four Quartiere named after the Essen
 * Stadtteilbüros (Kray, Bergmannsfeld/Hörsterfeld, Karnap, Frohnhausen), their Treffs and Stadtteilbüros,
 * rooms with booking rules, a year of past events with attendance, six months of events of the kinds the source papers name, volunteer
 * programmes, organisations and one demo account per role. All dates are relative to `now`.
 *
 * One seeder per area; they run in this order inside one transaction, so the ids (and the rows) are the same
 * on every fresh database.
 */
import { DateTime } from 'luxon';
import type { Db } from '../../client';
import * as s from '../../schema';
import { seedReferenceData } from '../reference';
import { hashPassword } from '../../../src/lib/server/auth/password';
import { ZONE } from '../../../src/lib/time';
import { DEMO_PASSWORD, seedAccountsAndOrganisations } from './accounts-organisations';
import { seedEvents } from './events';
import { seedHistory } from './history';
import { seedPlaces, seedQuartiere } from './quartiere-places';
import { seedRooms } from './rooms';
import { seedVolunteering } from './volunteering';
import { cancelOccurrencesOnClosedDays } from './closures';
import { seedDemoConcerns } from './concerns';
import { seedDemoOffers } from './offers';
import { seedDemoGoals } from './goals';
import { seedDemoCalendarSubscription } from './calendar-subscription';
import { seedDemoTranslations } from './translations';

export { DEMO_PASSWORD, demoAccounts } from './accounts-organisations';

export function isEmpty(db: Db): boolean {
  return !db.select({ id: s.quartiere.id }).from(s.quartiere).limit(1).get();
}

export async function seedDemo(db: Db, nowDate: Date = new Date()): Promise<void> {
  const now = DateTime.fromJSDate(nowDate).setZone(ZONE);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  db.transaction((t) => {
    const context = { t, now, nowDate };
    seedReferenceData(t);
    const q = seedQuartiere(context);
    const p = seedPlaces(context, q);
    const { u, o } = seedAccountsAndOrganisations(context, q, passwordHash);
    seedRooms(context, { p, u, o });
    seedEvents(context, { q, p, u, o });
    seedHistory(context, { q, p, u, o });
    seedVolunteering(context, { q, p, u });
    cancelOccurrencesOnClosedDays(context, { u });
    seedDemoConcerns(t, nowDate, passwordHash);
  });
  seedDemoOffers(db, nowDate);
  // Translations name events, places and offers, so they come after those.
  seedDemoTranslations(db, nowDate);
  seedDemoCalendarSubscription(db, nowDate);
  // Goals link to offers, so they come last.
  seedDemoGoals(db, nowDate);
}
