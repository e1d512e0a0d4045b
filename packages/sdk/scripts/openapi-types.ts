import { fileURLToPath } from 'node:url';
import { openApiDocument } from '@kubeop/api';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import * as prettier from 'prettier';

/** Where the generated types are committed. */
export const GENERATED_FILE = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url));

const HEADER = `/**
 * The kubeOP Manager API's types, generated from its OpenAPI document (\`openApiDocument\` of
 * @kubeop/api, what the Manager serves at /openapi.json) by openapi-typescript.
 *
 * Do not edit: run \`pnpm --filter @kubeop/sdk generate\` after changing the API.
 */
`;

/**
 * The generated file's text: the document's types, formatted with the repository's prettier
 * configuration. Deterministic, so the committed file can be compared with a fresh one.
 */
export async function generateOpenApiTypes(): Promise<string> {
  // The version is not part of the types; a fixed one keeps the output stable.
  const doc = openApiDocument({ version: '0.0.0' });
  const ast = await openapiTS(doc as unknown as OpenAPI3, { alphabetize: false });
  const source = HEADER + '\n' + astToString(ast);
  const options = (await prettier.resolveConfig(GENERATED_FILE)) ?? {};
  return prettier.format(source, { ...options, filepath: GENERATED_FILE });
}
