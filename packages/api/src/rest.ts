import type { AnyTRPCProcedure } from '@trpc/server';
import { z } from 'zod';
import type { Meta } from './trpc.js';

/**
 * The REST face of the router, framework-free: one route per procedure with `meta.openapi`,
 * and what the server needs to answer it the upstream's way. The Manager binds these to Fastify.
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path without the `/v1` prefix, e.g. `/tenants/{id}`. */
  path: string;
  /** Dotted procedure path, e.g. `tenants.get`. */
  procedure: string;
  type: 'query' | 'mutation';
  successStatus: 200 | 204;
  list: boolean;
  readiness: boolean;
  /** Lower-cased input key → the key the schema spells (for case-insensitive request keys). */
  keys: Map<string, string>;
  /** Input keys that are arrays (a repeated query parameter). */
  arrayKeys: Set<string>;
  /** Whether the input schema has fields at all. */
  hasInput: boolean;
  /**
   * Input fields taken from the query string: every field on GET and DELETE, only `meta.query` on
   * POST, PUT and PATCH (whose input is otherwise the JSON body).
   */
  queryKeys: Set<string>;
  /** POST, PUT or PATCH that takes a JSON body. */
  hasBody: boolean;
  /** The input field that is the whole JSON body (a bare array), or null when the body is an object of fields. */
  bodyField: string | null;
  /** Input fields read from request headers: field → lower-case header name. */
  headerKeys: Map<string, string>;
  /** Renders the output as CSV (`?format=csv`, `Accept: text/csv`), when the route offers it. */
  csv: ((output: unknown) => string) | null;
}

function objectShape(procedure: AnyTRPCProcedure): Record<string, z.ZodType> {
  const inputs = (procedure._def as { inputs?: unknown[] }).inputs ?? [];
  const shape: Record<string, z.ZodType> = {};
  for (const input of inputs) {
    if (input instanceof z.ZodObject) Object.assign(shape, input.shape);
  }
  return shape;
}

function isArraySchema(s: z.ZodType): boolean {
  let cur: unknown = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault) cur = (cur as z.ZodOptional).unwrap();
  return cur instanceof z.ZodArray;
}

export function restRoutes(router: { _def: { procedures: Record<string, unknown> } }): RestRoute[] {
  const routes: RestRoute[] = [];
  for (const [path, p] of Object.entries(router._def.procedures)) {
    const procedure = p as AnyTRPCProcedure;
    const meta = procedure._def.meta as Meta | undefined;
    if (!meta?.openapi || meta.openapi.enabled === false) continue;
    const shape = objectShape(procedure);
    const keys = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
    const method = meta.openapi.method;
    const hasBody = keys.size > 0 && method !== 'GET' && method !== 'DELETE';
    for (const q of meta.query ?? []) if (!Object.hasOwn(shape, q)) throw new Error(`${path}: meta.query names ${q}, not an input field`);
    const headerKeys = new Map(Object.entries(meta.headers ?? {}).map(([field, header]) => [field, header.toLowerCase()]));
    for (const f of [...headerKeys.keys(), ...(meta.body ? [meta.body] : [])])
      if (!Object.hasOwn(shape, f)) throw new Error(`${path}: meta names ${f}, not an input field`);
    routes.push({
      method,
      path: meta.openapi.path,
      procedure: path,
      type: procedure._def.type === 'query' ? 'query' : 'mutation',
      successStatus: meta.successStatus ?? 200,
      list: meta.list ?? false,
      readiness: meta.readiness ?? false,
      keys,
      arrayKeys: new Set(
        Object.entries(shape)
          .filter(([, s]) => isArraySchema(s))
          .map(([k]) => k),
      ),
      hasInput: keys.size > 0,
      queryKeys: new Set((hasBody ? (meta.query ?? []) : Object.keys(shape)).filter((k) => !headerKeys.has(k))),
      hasBody,
      bodyField: meta.body ?? null,
      headerKeys,
      csv: meta.csv ?? null,
    });
  }
  return routes;
}

/**
 * Request keys match the schema's keys case-insensitively, as the upstream's Go decoder did
 * (`tenantID`, `tenantId`, `TenantID`). An exact match wins over a folded one.
 */
export function foldKeys(input: Record<string, unknown>, keys: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    const canonical = keys.get(k.toLowerCase());
    if (canonical === undefined) continue;
    if (canonical !== k && Object.hasOwn(input, canonical)) continue;
    out[canonical] = v;
  }
  return out;
}
