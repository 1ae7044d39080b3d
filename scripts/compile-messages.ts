/**
 * `tsx scripts/compile-messages.ts`: parses the renderer's message catalogues (ICU syntax) into the
 * ASTs react-intl formats directly, so the desk does not parse them at start-up (formatjs's advice for
 * distribution). Writes renderer/i18n/compiled-messages.ts; renderer/i18n/messages.spec.ts fails
 * while it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compiledMessagesSource } from '../renderer/i18n/compile-messages';

const target = fileURLToPath(new URL('../renderer/i18n/compiled-messages.ts', import.meta.url));
writeFileSync(target, compiledMessagesSource());
console.log(`Wrote ${target}`);
