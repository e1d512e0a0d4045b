/**
 * Build information, stamped by tsup at build time (see tsup.config.ts); `dev` when run from source.
 * Also the Node.js runtime, so an operator can see what a Manager runs on.
 */
declare const __KUBEOP_VERSION__: string | undefined;
declare const __KUBEOP_GIT_COMMIT__: string | undefined;
declare const __KUBEOP_BUILD_DATE__: string | undefined;

export interface VersionInfo {
  service: 'manager';
  version: string;
  gitCommit: string;
  buildDate: string;
  /** The Node.js runtime this Manager runs on (`process.version`, e.g. `v24.21.0`). */
  node: string;
}

export const versionInfo: VersionInfo = {
  service: 'manager',
  version: typeof __KUBEOP_VERSION__ === 'string' ? __KUBEOP_VERSION__ : 'dev',
  gitCommit: typeof __KUBEOP_GIT_COMMIT__ === 'string' ? __KUBEOP_GIT_COMMIT__ : '',
  buildDate: typeof __KUBEOP_BUILD_DATE__ === 'string' ? __KUBEOP_BUILD_DATE__ : '',
  node: process.version,
};

/** The release version of a built Manager (undefined when run from source): it tags the images bootstrap installs. */
export const releaseVersion: string | undefined = typeof __KUBEOP_VERSION__ === 'string' ? __KUBEOP_VERSION__ : undefined;
