/**
 * How Bookdesk's files may depend on each other (../shared/ARCHITECTURE.md "Layout", server/README.md
 * "Layers"), checked by `npm run lint` and so by `npm test`. Each rule's comment is the reason printed
 * when it breaks.
 *
 * Which packages a process may import (core/ no node:* or electron, renderer/ no node:* or electron,
 * only main/electron/ imports electron, only server repositories and db/ import typeorm) is ESLint's
 * no-restricted-imports in eslint.config.js; each rule lives in one tool.
 */

/** The server's foundation: the sync protocol and the plumbing every feature builds on. */
const FOUNDATION = '^server/(sync|db|http|auth|crypto)/';
/** Server files that are neither a feature nor the composition: the foundation, errors and config. */
const BELOW_FEATURES = `${FOUNDATION}|^server/(errors|config)[.]ts$`;
/** The composition root: builds every service (platform.ts) and mounts every route (app.ts). */
const COMPOSITION = '^server/(app|platform)[.]ts$';
/**
 * Programs that may start the composition: the API (index.ts, npm run server) and the operators'
 * commands, server/cli/<command>.ts with no role suffix (rotate-keys.ts, restore-tenant.ts).
 */
const ENTRY_POINTS = '^server/(index|cli/[a-z-]+)[.]ts$';
/** Specs exercise a file through the whole app (tests/support), so they sit outside the layers. */
const SPECS = '[.]spec[.]tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-import-cycles',
      comment:
        'No import cycles between files: a file in a cycle cannot be read, tested or loaded without the others; move what both need into a third file.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'features-below-composition',
      comment:
        'Only the entry points import the composition root (app.ts, platform.ts): it builds the features, so a feature importing it turns the layers upside down.',
      severity: 'error',
      from: { path: '^server/', pathNot: [COMPOSITION, ENTRY_POINTS, SPECS] },
      to: { path: COMPOSITION },
    },
    {
      name: 'foundation-imports-no-feature',
      comment:
        'sync/, db/, http/, auth/ and crypto/ import no feature (nor front-desk/ or the composition): features fill their registries and build on them, never the reverse.',
      severity: 'error',
      from: { path: FOUNDATION, pathNot: SPECS },
      to: { path: '^server/', pathNot: BELOW_FEATURES },
    },
    {
      name: 'front-desk-imports-no-feature',
      comment:
        'front-desk/ holds what every front-desk feature builds on (CRUD routes, desk roles, errors); importing a feature would make the features depend on each other through it.',
      severity: 'error',
      from: { path: '^server/front-desk/', pathNot: SPECS },
      to: { path: '^server/', pathNot: `${BELOW_FEATURES}|^server/front-desk/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|[.]tsbuild|[.]test-results|[.]data)/' },
    // Type-only imports count: a cycle of types is still a cycle for the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
