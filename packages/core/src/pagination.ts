import { InvalidError } from '@kubeop/kube';
import { isUuid } from './ids.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  limit?: number | undefined;
  /** The `nextCursor` of the previous page: lists continue after it. */
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow; pass it back as `cursor`. */
  nextCursor: string | null;
}

/**
 * Lists are ordered newest first by id (UUIDv7, so by creation time). The cursor is the id of the
 * last item returned: stable under concurrent inserts, no offsets.
 */
export function pageParams(page: PageRequest): { limit: number; before: string | undefined } {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw InvalidError.field('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (page.cursor !== undefined && !isUuid(page.cursor)) throw InvalidError.field('cursor', 'is not a cursor returned by this API');
  return { limit, before: page.cursor };
}

/** Turns `limit + 1` fetched rows into a page. */
export function toPage<Row extends { id: string }, T>(rows: Row[], limit: number, map: (row: Row) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), nextCursor: more ? kept[kept.length - 1]!.id : null };
}
