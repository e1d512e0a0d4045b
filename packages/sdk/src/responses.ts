import { apiErrorOf } from './errors.js';
import type { Page } from './pagination.js';

/** What an openapi-fetch call resolves to. */
interface Result {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success body's type of a call. */
export type DataOf<R> = Exclude<R extends { data: infer D } ? D : never, undefined>;

/** The item type of a list call. */
export type ItemOf<R> = DataOf<R> extends (infer T)[] ? T : never;

/** The body of a 2xx answer; any other status throws a KubeopApiError. */
export async function expectData<R extends Result>(call: Promise<R>): Promise<DataOf<R>> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorOf(response, error);
  return data as DataOf<R>;
}

/** A 2xx answer without a body (204); any other status throws a KubeopApiError. */
export async function expectNoContent(call: Promise<Result>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok) throw apiErrorOf(response, error);
}

/** A list answer: the bare array, with the next page's cursor from `X-Next-Cursor`. */
export async function expectPage<R extends Result>(call: Promise<R>): Promise<Page<ItemOf<R>>> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorOf(response, error);
  return {
    items: (data ?? []) as ItemOf<R>[],
    nextCursor: response.headers.get('x-next-cursor') || null,
  };
}
