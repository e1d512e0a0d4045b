import type * as pulumi from '@pulumi/pulumi';
import type { ConnectionProps } from './client.js';

/** Pulumi's placeholder for a value not known yet (during a preview). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** How `diffOf` compares one property. */
export interface FieldRule {
  /** A change needs a new object (the Manager cannot change it in place). */
  replace?: boolean;
  /** Whether the stored and the new value are equal (default: `sameValue`). */
  same?: (stored: unknown, wanted: unknown) => boolean;
  /**
   * What leaving the input unset means: `'clear'` (the default: unset is a value, `null`), `'server'`
   * (the Manager picks it: not compared), or `{ default }` (compared as that value).
   */
  unset?: 'clear' | 'server' | { default: unknown };
}

/** `null`, `undefined` and a missing property are one value: "not set". */
export function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** Two instants given as ISO strings (the Manager may answer another spelling of the same time). */
export function sameInstant(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return sameValue(a, b);
  const x = Date.parse(String(a));
  const y = Date.parse(String(b));
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}

/** Two decimals given as strings or numbers ("0.010" and 0.01 are equal). */
export function sameDecimal(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return sameValue(a, b);
  const x = Number(a);
  const y = Number(b);
  return Number.isNaN(x) || Number.isNaN(y) ? String(a) === String(b) : x === y;
}

/**
 * The diff of a resource: every property in `rules` whose new value differs from the stored one is a
 * change, a replacing one when its rule says so. A value not known yet (preview) counts as a change.
 * `baseUrl` and `token` changes are updates (no call to the Manager), so the stored connection — what
 * `refresh` and `destroy` use — stays current.
 */
export function diffOf<T extends ConnectionProps>(
  olds: T,
  news: T,
  rules: { [K in keyof T & string]?: FieldRule },
): pulumi.dynamic.DiffResult {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [key, rule] of Object.entries(rules) as [keyof T & string, FieldRule][]) {
    let wanted: unknown = news[key];
    if (wanted === undefined) {
      const unset = rule.unset ?? 'clear';
      if (unset === 'server') continue;
      wanted = unset === 'clear' ? null : unset.default;
    }
    const same = rule.same ?? sameValue;
    if (wanted === UNKNOWN || !same(olds[key], wanted)) {
      changed.push(key);
      if (rule.replace) replaces.push(key);
    }
  }
  if (olds.baseUrl !== news.baseUrl) changed.push('baseUrl');
  if ((olds.token ?? null) !== (news.token ?? null)) changed.push('token');
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

/** `check` failures for required string properties that are missing or empty. */
export function requireStrings<T>(news: T, keys: (keyof T & string)[]): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const key of keys) {
    const v = news[key];
    if (typeof v !== 'string' || v.trim() === '') failures.push({ property: key, reason: `${key} is required (a non-empty string)` });
  }
  return failures;
}
