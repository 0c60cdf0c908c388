// @ts-check
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

const nodeBuiltins = ['fs', 'path', 'crypto', 'http', 'https', 'os', 'url', 'net', 'child_process', 'stream', 'util', 'zlib', 'events', 'timers', 'assert', 'worker_threads', 'fs/promises'];

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'data/', 'test-results/', 'db/migrations/'] },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: `Import Node built-ins with the node: prefix (node:${name}).` })),
        },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The domain stays free of Astro so it can be tested and reused outside the web server.
    files: ['src/lib/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: `Import Node built-ins with the node: prefix (node:${name}).` })),
          patterns: [{ group: ['astro:*', 'astro'], message: 'Domain code must not import Astro.' }],
        },
      ],
    },
  },
);
