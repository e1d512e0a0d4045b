export { createTestDatabase, type TestDatabase } from '@kubeop/db/testing';
export { testConnection } from '@kubeop/kube/testing';
