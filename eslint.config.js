// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads',
];

/** Import boundaries between processes (see ../shared/STYLE.md, point 2). */
const restrict = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', '.test-results/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.spec.ts'],
    rules: restrict('core/ is pure: it imports nothing process-specific.', [
      'electron',
      'react',
      'react-dom',
      'typeorm',
      'fastify',
      '@fastify/*',
      'axios',
      'keytar',
      'better-sqlite3',
      'pg',
      ...nodeBuiltins,
      '**/server/**',
      '**/main/**',
      '**/renderer/**',
      '**/preload/**',
    ]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.spec.ts', 'renderer/**/*.spec.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict('renderer/ sees only the preload object: no electron, no Node modules.', [
      'electron',
      'typeorm',
      'keytar',
      'better-sqlite3',
      ...nodeBuiltins,
      '**/server/**',
      '**/main/**',
    ]),
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**', 'main/index.ts', 'main/**/*.spec.ts'],
    rules: restrict(
      'Only main/electron/ and main/index.ts import electron; the rest of main runs under plain Node.',
      ['electron', 'typeorm'],
    ),
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/**/*.repository.ts', 'server/db/**', 'server/**/*.spec.ts'],
    rules: restrict('Only server repositories and server/db/ use TypeORM (route -> service -> repository).', [
      'typeorm',
      'typeorm/*',
      'electron',
      'react',
    ]),
  },
  {
    files: ['server/**/*.repository.ts', 'server/db/**/*.ts'],
    rules: restrict('The server never imports electron or react.', ['electron', 'react']),
  },
);
