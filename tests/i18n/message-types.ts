/**
 * Checked by `npm run check` (not run by vitest): the type of `translate` refuses a wrong key and a missing or
 * misnamed placeholder. Each `@ts-expect-error` fails the type check when the error it expects disappears.
 */
import { translate } from '../../src/i18n';

export const checkedAtCompileTime = [
  translate('de', 'events.title'),
  translate('de', 'events.titleIn', { name: 'Kray' }),
  translate('de', 'events.count', { count: 3 }),
  // @ts-expect-error a key that is not in the German catalogue
  translate('de', 'events.titel'),
  // @ts-expect-error a message with a placeholder needs its value
  translate('de', 'events.titleIn'),
  // @ts-expect-error the placeholder is {name}, not {quartier}
  translate('de', 'events.titleIn', { quartier: 'Kray' }),
  // @ts-expect-error a count is a number
  translate('de', 'events.count', { count: 'drei' }),
];
