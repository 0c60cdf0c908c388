const umlauts: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue' };

/** URL slug from a German title: "Fahrradwerkstatt für alle!" → "fahrradwerkstatt-fuer-alle". */
export function slugify(text: string, maxLength = 60): string {
  const slug = text
    .replace(/[äöüßÄÖÜ]/g, (c) => umlauts[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug || 'eintrag';
}
