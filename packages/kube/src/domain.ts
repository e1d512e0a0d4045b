/**
 * The rules every kubeOP process shares, with no I/O: typed domain errors, names (DNS-1123 limits
 * that keep namespaces and custom resources valid) and image references.
 */
export * from './errors.js';
export * from './names.js';
export * from './images.js';
