import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireSdk, sdkLoader } from './provider/sdk.js';

/**
 * vitest runs from the repository root, where neither @kubeop/pulumi nor @kubeop/sdk resolves: the
 * providers load the SDK as this package would (a running provider resolves it from the program's
 * directory instead).
 */
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
sdkLoader.load = () => requireSdk(packageDir);
