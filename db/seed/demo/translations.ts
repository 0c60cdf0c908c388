/**
 * Content in other languages, as the Stadtteilbüros would enter it: the Sprachcafé and the Wandercafé in Turkish,
 * Arabic and Ukrainian (the languages their visitors speak), the Sprachcafé offer likewise, and the Stadtteilbüro
 * Bergmannsfeld/Hörsterfeld described in Ukrainian and Turkish. Everything else stays German, shown "(auf Deutsch)".
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../client';
import * as s from '../../schema';
import { refreshOfferSearchText } from '../../../src/lib/server/offers/search-text';

type Texts = Partial<Record<s.TranslationLocale, { title: string; summary: string }>>;

const wandercafe: Texts = {
  tr: { title: 'Gezici Kafe', summary: 'Her salı kahve, kek ve sohbet. Yeni yüzler her zaman hoş karşılanır – kayıt gerekmez, uğramanız yeterli.' },
  ar: { title: 'المقهى المتنقل', summary: 'قهوة وكعك وأحاديث كل يوم ثلاثاء. الوجوه الجديدة مرحّب بها دائمًا – لا حاجة للتسجيل، تفضّلوا بالحضور.' },
  uk: { title: 'Мандрівне кафе', summary: 'Щовівторка кава, пиріг і розмови. Нові обличчя завжди бажані – реєстрація не потрібна, просто приходьте.' },
};

const sprachcafeEvent: Texts = {
  tr: { title: 'Dil Kafesi', summary: 'Çay ve kurabiye eşliğinde rahat bir ortamda Almanca konuşma. Her seviyeye açıktır.' },
  ar: { title: 'مقهى اللغة', summary: 'تحدّثوا الألمانية في جو مريح مع الشاي والمعجنات. لجميع المستويات.' },
  uk: { title: 'Мовне кафе', summary: 'Розмовляємо німецькою в невимушеній атмосфері за чаєм і випічкою. Для будь-якого рівня.' },
};

const sprachcafeOffer: Texts = {
  tr: { title: 'Dil Kafesi', summary: 'Çay ve kurabiye eşliğinde Almanca konuşma pratiği – her seviye hoş karşılanır.' },
  ar: { title: 'مقهى اللغة', summary: 'تمرّنوا على التحدث بالألمانية مع الشاي والمعجنات – جميع المستويات مرحّب بها.' },
  uk: { title: 'Мовне кафе', summary: 'Практикуємо розмовну німецьку за чаєм і випічкою – запрошуємо всіх, незалежно від рівня.' },
};

const stadtteilbueroBergmannsfeld: Texts = {
  uk: {
    title: 'Stadtteilbüro Bergmannsfeld/Hörsterfeld',
    summary: 'Консультації, мовне кафе та приміщення для сусідських груп. Спільний офіс міста та Caritas.',
  },
  tr: {
    title: 'Stadtteilbüro Bergmannsfeld/Hörsterfeld',
    summary: 'Danışmanlık, dil kafesi ve komşuluk grupları için odalar. Belediye ile Caritas’ın ortak ofisi.',
  },
};

type Subject = { subjectKind: 'event'; eventId: number } | { subjectKind: 'place'; placeId: number } | { subjectKind: 'offer'; offerId: number };

function insert(db: Db, subject: Subject, texts: Texts, updatedBy: number | null, now: Date): void {
  for (const [locale, text] of Object.entries(texts) as [s.TranslationLocale, { title: string; summary: string }][]) {
    db.insert(s.contentTranslations)
      .values({ ...subject, locale, ...text, updatedAt: now, updatedBy })
      .run();
  }
}

export function seedDemoTranslations(db: Db, nowDate: Date = new Date()): void {
  db.transaction((t) => {
    const staff = t.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, 'admin@example.org')).get()?.id ?? null;
    for (const event of t.select({ id: s.events.id }).from(s.events).where(eq(s.events.title, 'Wandercafé')).all()) {
      insert(t, { subjectKind: 'event', eventId: event.id }, wandercafe, staff, nowDate);
    }
    const sprachcafe = t
      .select({ id: s.events.id })
      .from(s.events)
      .where(and(eq(s.events.title, 'Sprachcafé'), eq(s.events.organiserName, 'Stadtteilbüro Bergmannsfeld/Hörsterfeld')))
      .all();
    for (const event of sprachcafe) insert(t, { subjectKind: 'event', eventId: event.id }, sprachcafeEvent, staff, nowDate);
    const place = t.select({ id: s.places.id }).from(s.places).where(eq(s.places.slug, 'stadtteilbuero-bergmannsfeld')).get();
    if (place) insert(t, { subjectKind: 'place', placeId: place.id }, stadtteilbueroBergmannsfeld, staff, nowDate);
    const offer = t
      .select({ id: s.offers.id })
      .from(s.offers)
      .innerJoin(s.actors, eq(s.actors.id, s.offers.actorId))
      .where(and(eq(s.offers.title, 'Sprachcafé'), eq(s.actors.name, 'Initiative Sprachpaten Bergmannsfeld')))
      .get();
    if (offer) {
      insert(t, { subjectKind: 'offer', offerId: offer.id }, sprachcafeOffer, staff, nowDate);
      refreshOfferSearchText(t, { offerId: offer.id });
    }
  });
}
