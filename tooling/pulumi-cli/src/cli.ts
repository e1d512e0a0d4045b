// `pnpm --filter @kubeop/pulumi-cli build-bins`: builds the Pulumi CLI once per machine (cached), prints its root.
import { ensurePulumiCli } from './index.js';

try {
  console.log(await ensurePulumiCli());
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
