/** The list+watch informer lives in @kubeop/kube (shared with the admission server). */
export { Informer, objectKey, type InformerHandlers, type InformerOptions } from '@kubeop/kube';
