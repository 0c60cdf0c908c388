/**
 * Time-zone names as calendar programs write them, resolved to IANA zones. Google and Nextcloud write IANA names;
 * Outlook writes Windows names ("W. Europe Standard Time") or display names ("(UTC+01:00) Amsterdam, Berlin, …");
 * old Thunderbird versions prefix the IANA name with a Mozilla path (`/mozilla.org/20070129_1/Europe/Berlin`).
 */
import { DateTime } from 'luxon';

/** Windows zone names (CLDR windowsZones, territory 001) of the zones German calendars meet. */
const windowsZones: Record<string, string> = {
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'Romance Standard Time': 'Europe/Paris',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Russian Standard Time': 'Europe/Moscow',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Egypt Standard Time': 'Africa/Cairo',
  'Syria Standard Time': 'Asia/Damascus',
  'Arabic Standard Time': 'Asia/Baghdad',
  'Arab Standard Time': 'Asia/Riyadh',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'China Standard Time': 'Asia/Shanghai',
  'India Standard Time': 'Asia/Kolkata',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
};

/** Cities in Outlook's display names, e.g. "(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien". */
const displayNameCities: [RegExp, string][] = [
  [/Berlin/i, 'Europe/Berlin'],
  [/Br(ü|u)ssel|Brussels|Paris|Madrid/i, 'Europe/Paris'],
  [/Belgrad|Budapest|Prag|Prague/i, 'Europe/Budapest'],
  [/Warschau|Warsaw|Sarajevo|Zagreb/i, 'Europe/Warsaw'],
  [/London|Dublin|Lissabon|Lisbon/i, 'Europe/London'],
  [/Istanbul/i, 'Europe/Istanbul'],
  [/Kiew|Kyiv|Kiev|Helsinki/i, 'Europe/Kiev'],
];

const knownZones = new Map<string, boolean>();

export function isKnownZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) knownZones.set(zone, (known = DateTime.now().setZone(zone).isValid));
  return known;
}

const resolved = new Map<string, string | null>();

/**
 * The IANA zone a TZID means, or null when it is none the portal recognises. Remembered per name: a calendar asks
 * for the zone of every event, and Luxon's check of a zone name costs more than the rest of reading the event.
 */
export function resolveZone(tzid: string | null | undefined): string | null {
  if (!tzid) return null;
  let zone = resolved.get(tzid);
  if (zone === undefined) resolved.set(tzid, (zone = resolveZoneName(tzid)));
  return zone;
}

function resolveZoneName(tzid: string): string | null {
  const name = tzid.trim().replace(/^"|"$/g, '');
  if (name === 'Z' || /^(UTC|GMT|Etc\/UTC|Etc\/GMT)$/i.test(name)) return 'UTC';
  if (windowsZones[name]) return windowsZones[name];
  if (name.includes('/') && !name.startsWith('/') && isKnownZone(name)) return name;
  const mozilla = /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(name);
  if (mozilla?.[1] && isKnownZone(mozilla[1])) return mozilla[1];
  for (const [pattern, zone] of displayNameCities) if (pattern.test(name)) return zone;
  return null;
}
