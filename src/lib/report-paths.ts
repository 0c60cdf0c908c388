/** Back-office URLs of the Quartiersbericht and the event close-out. */
export function attendancePath(eventId: number, recurrenceLocal: string): string {
  return `/verwaltung/teilnahme/${eventId}/${encodeURIComponent(recurrenceLocal)}`;
}

export const reportPath = '/verwaltung/bericht';
