// `pnpm --filter @kubeop/sdk generate`: writes src/generated/openapi.ts from the API's OpenAPI document.
import { readFile, writeFile } from 'node:fs/promises';
import { GENERATED_FILE, generateOpenApiTypes } from './openapi-types.js';

const fresh = await generateOpenApiTypes();
const current = await readFile(GENERATED_FILE, 'utf8').catch(() => '');
if (current === fresh) {
  console.log(`${GENERATED_FILE}: up to date`);
} else {
  await writeFile(GENERATED_FILE, fresh);
  console.log(`${GENERATED_FILE}: written`);
}
