import base from '@kubeop/eslint-config';

export default base;
