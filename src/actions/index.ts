/**
 * Astro Actions: one file per area (src/actions/<area>.ts), each Action = zod input → auth check →
 * domain call → error mapping. Register the area's object here.
 */
import { rooms } from './rooms';
import { volunteering } from './volunteering';
import { eventAdmin } from './event-admin';
import { proposals } from './proposals';
import { placeAdmin } from './place-admin';
import { accounts } from './accounts';
import { admin } from './admin';
import { organisations } from './organisations';
import { calendarImport } from './calendar-import';
import { concerns } from './concerns';
import { rounds } from './rounds';
import { offers } from './offers';
import { goals } from './goals';
import { reports } from './reports';
import { translations } from './translations';

export const server = {
  volunteering,
  eventAdmin,
  proposals,
  placeAdmin,
  accounts,
  admin,
  organisations,
  rooms,
  concerns,
  rounds,
  offers,
  goals,
  reports,
  calendarImport,
  translations,
};
