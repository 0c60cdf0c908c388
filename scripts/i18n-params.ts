/** Writes src/i18n/message-params.ts from the German catalogue (run after adding or changing German messages). */
import { readFileSync, writeFileSync } from 'node:fs';
import { paramsModule } from '../src/i18n/params-source';

const source = JSON.parse(readFileSync('src/i18n/locales/de.json', 'utf8')) as Record<string, string>;
writeFileSync('src/i18n/message-params.ts', paramsModule(source));
console.log(`src/i18n/message-params.ts: ${Object.keys(source).length} messages`);
