// @ts-check
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

const nodeBuiltins = [
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'os',
  'url',
  'net',
  'child_process',
  'stream',
  'util',
  'zlib',
  'events',
  'timers',
  'assert',
  'worker_threads',
  'fs/promises',
];
const nodePrefix = nodeBuiltins.map((name) => ({ name, message: `Import Node built-ins with the node: prefix (node:${name}).` }));

/**
 * The layers, as import rules (see docs/DEVELOPING.md, "Layers"). Imports are relative paths, so each rule matches
 * the folder a file group reaches up to: from src/actions/x.ts, `../components/…` is src/components.
 */
const layer = {
  astro: { group: ['astro', 'astro:*'], message: 'Domain code must not import Astro: it is plain TypeScript that runs and is tested outside the web server.' },
  components: { regex: '^(\\.\\./)+components(/|$)', message: 'Components are the view: Actions and the domain must not import them.' },
  actions: {
    regex: '^(\\.\\./)+actions(/|$)',
    message: "Use an Action only through `actions` from 'astro:actions'; its module is the server edge, not a library.",
  },
  server: { regex: '^(\\./|(\\.\\./)+)server(/|$)', message: 'src/lib/*.ts is browser-safe: it must not import the server domain (src/lib/server/).' },
  db: { regex: '^(\\.\\./)+db(/|$)', message: 'src/lib/*.ts is browser-safe: it must not import the database.' },
  node: { group: ['node:*'], message: 'src/lib/*.ts is browser-safe: no Node built-ins.' },
};

/** One no-restricted-imports setting per file group: a later setting of a rule replaces an earlier one, so each lists all it needs. */
function restrictImports(...patterns) {
  return { 'no-restricted-imports': ['error', { paths: nodePrefix, patterns }] };
}

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'data/', 'test-results/', 'db/migrations/'] },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: nodePrefix }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Rules that need the types: a promise nobody awaits loses its error (a mail not queued, a 500 never logged),
    // and a switch over a union must name every member, so adding a status breaks the build, not a page.
    // Not for .astro files: astro-eslint-parser has no project service and builds a TypeScript program per file
    // (measured: about 3 s a file, seven minutes for the tree), so their frontmatter gets the untyped rules only.
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // Client-side <script>s of .astro files reach ESLint as virtual files that no tsconfig holds.
    files: ['**/*.astro/*.ts', '**/*.astro/*.js', '**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  { files: ['src/actions/**'], rules: restrictImports(layer.components) },
  { files: ['src/components/**'], rules: restrictImports(layer.actions) },
  { files: ['src/lib/**/*.ts', 'db/**/*.ts'], rules: restrictImports(layer.astro) },
  { files: ['src/lib/server/**'], rules: restrictImports(layer.astro, layer.components, layer.actions) },
  { files: ['src/lib/**/*.ts'], ignores: ['src/lib/server/**'], rules: restrictImports(layer.astro, layer.server, layer.db, layer.node) },
);
