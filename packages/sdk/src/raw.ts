import type { Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';

/** The typed openapi-fetch client over every path of the Manager's OpenAPI document. */
export type KubeopRawClient = Client<paths>;
