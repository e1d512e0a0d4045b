import { appBundle } from '@kubeop/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(appBundle(import.meta.url));
