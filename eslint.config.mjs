// ESLint: Next.js's recommended rules (core web vitals, React hooks) and its TypeScript rules.
// Run by `npm test` (`npm run lint`).
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // The React Compiler's render-purity rules flag the live SLA clocks (Date.now() in render)
      // and the canvas views' ref reads; they are reported, not yet enforced.
      'react-hooks/purity': 'warn',
      'react-hooks/refs': 'warn',
      'react-hooks/set-state-in-effect': 'warn',
    },
  },
  {
    // Not React: `use` is Playwright's fixture callback and the name of callback parameters.
    files: ['db/**', 'lib/**', 'e2e/**', 'test/**', 'bench/**', 'scripts/**', 'bin/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // vi.hoisted runs before imports, so tests set their environment up with require().
    files: ['test/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  globalIgnores(['.next/**', '.next-*/**', 'dist/**', 'bench/.out/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations*/**']),
]);
