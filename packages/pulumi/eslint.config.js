import base from '@kubeop/eslint-config';

export default [
  ...base,
  {
    // Published: src/ imports no workspace package but the published @kubeop/sdk.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@kubeop/*', '!@kubeop/sdk'],
              message: '@kubeop/pulumi is published: it may import only @kubeop/sdk of the workspace (never @kubeop/core or @kubeop/api)',
            },
          ],
        },
      ],
    },
  },
];
