/** One page of a list: the items, and the cursor of the next page (`null` on the last one). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a list, page after page: calls `fetchPage` with no cursor, then with each page's
 * `nextCursor` (the Manager's `X-Next-Cursor` header) until a page has none. Pages are fetched
 * lazily, as the iteration reaches them; stopping early (`break`) fetches no more.
 */
export async function* paginate<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/** Collects an async iterable into an array (`Array.fromAsync` where Node 22+ is available). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
