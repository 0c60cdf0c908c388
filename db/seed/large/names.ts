/** Names and kinds the generated city is built from, so it reads like a real one. */
export const QUARTIER_NAMES = [
  'Kray', 'Bergmannsfeld/Hörsterfeld', 'Karnap', 'Frohnhausen', 'Altendorf', 'Katernberg', 'Stoppenberg',
  'Altenessen-Süd', 'Überruhr', 'Steele', 'Holsterhausen', 'Borbeck', 'Vogelheim', 'Dellwig', 'Schonnebeck',
  'Leithe', 'Horst', 'Freisenbruch', 'Huttrop', 'Rüttenscheid',
];
export const STREETS = [
  'Hauptstraße', 'Marktplatz', 'Kirchstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Lindenallee',
  'Zechenstraße', 'Am Kanal', 'Parkweg', 'Bergstraße', 'Mühlenweg', 'Ringstraße', 'Kolonie Hubertus',
];
export const FIRST_NAMES = [
  'Anna', 'Mehmet', 'Olena', 'Jürgen', 'Fatma', 'Klaus', 'Maria', 'Ahmad', 'Sabine', 'Dmytro', 'Ayşe', 'Peter',
  'Ingrid', 'Yusuf', 'Helga', 'Svetlana', 'Thomas', 'Leyla', 'Monika', 'Karim', 'Elif', 'Wolfgang', 'Nadia', 'Uwe',
];
export const LAST_NAMES = [
  'Schmidt', 'Yılmaz', 'Kowalski', 'Müller', 'Demir', 'Koval', 'Becker', 'Nowak', 'Hoffmann', 'Al-Hassan',
  'Schulte', 'Kaya', 'Wagner', 'Petrenko', 'Krüger', 'Öztürk', 'Lange', 'Zimmermann', 'Haddad', 'Brückner',
];
/** Kinds of events the source papers name; each with a category, target groups and a typical length. */
export const EVENT_KINDS = [
  { title: 'Wandercafé', category: 'cafe-treffpunkt', groups: ['senioren', 'alle'], minutes: 120, hour: 15 },
  { title: 'Fahrradwerkstatt zum Mitmachen', category: 'reparieren', groups: ['alle', 'jugendliche'], minutes: 180, hour: 10 },
  { title: 'Kochaktion', category: 'kochen', groups: ['familien', 'alle'], minutes: 150, hour: 17 },
  { title: 'Filmabend', category: 'kultur-film', groups: ['alle'], minutes: 150, hour: 19 },
  { title: 'Bepflanzungsaktion', category: 'garten-umwelt', groups: ['familien', 'kinder'], minutes: 180, hour: 10 },
  { title: 'Stadtteilfest', category: 'fest', groups: ['alle', 'familien'], minutes: 360, hour: 12 },
  { title: 'Offene Sprechstunde', category: 'beratung-sprechstunde', groups: ['alle'], minutes: 120, hour: 14 },
  { title: 'Quartiersversammlung', category: 'versammlung', groups: ['alle'], minutes: 120, hour: 18 },
  { title: 'Ehrenamtsschulung', category: 'bildung-schulung', groups: ['alle'], minutes: 180, hour: 17 },
  { title: 'Sprachcafé', category: 'cafe-treffpunkt', groups: ['alle'], minutes: 90, hour: 16 },
  { title: 'Spielenachmittag', category: 'cafe-treffpunkt', groups: ['kinder', 'familien'], minutes: 120, hour: 15 },
  { title: 'Ausflug', category: 'ausflug', groups: ['senioren'], minutes: 360, hour: 9 },
] as const;
export const PROGRAMMES = [
  'Seniorenbegleitung', 'Besuchsdienst für junge Eltern', 'Schulung für Ehrenamtliche', 'Lesepatenschaft',
  'Fahrradwerkstatt-Team', 'Sprachpatenschaft', 'Gartenteam', 'Festhelfer*innen',
];
