/**
 * A German message without placeholders, for stored content that is German whoever triggers it (the note of an
 * imported date the organiser removed). Loads only the German catalogue: the calendar-sync worker needs one
 * sentence and should not hold all five catalogues in memory.
 */
import de from './locales/de.json';
import type { MessageKey } from './index';
import type { MessageParams } from './message-params';

export function germanText(key: Exclude<MessageKey, keyof MessageParams>): string {
  return de[key];
}
