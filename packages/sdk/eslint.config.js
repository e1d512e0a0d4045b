import base from '@kubeop/eslint-config';

export default [
  ...base,
  { ignores: ['src/generated/**'] },
  {
    // The published contract: src/ imports no workspace package (scripts/ may, to generate the types).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@kubeop/*'], message: '@kubeop/sdk is published: it may import no workspace package (only openapi-fetch)' },
          ],
        },
      ],
    },
  },
];
