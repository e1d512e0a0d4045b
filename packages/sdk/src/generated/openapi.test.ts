import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { GENERATED_FILE, generateOpenApiTypes } from '../../scripts/openapi-types.js';

it('src/generated/openapi.ts is what the current OpenAPI document generates', async () => {
  const committed = await readFile(GENERATED_FILE, 'utf8');
  const fresh = await generateOpenApiTypes();
  expect(
    committed === fresh,
    'src/generated/openapi.ts is out of date with the API: run `pnpm --filter @kubeop/sdk generate` and commit the result',
  ).toBe(true);
}, 60_000);
