/** Escaping for the hand-written XML of the Atom feed and the Open311 answers (a few lines, no library needed). */
export function xmlText(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** Control characters other than tab and line breaks are not allowed in XML 1.0 at all. */
export function xmlSafe(text: string): string {
  return xmlText(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
}
