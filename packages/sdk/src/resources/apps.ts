import { paginate, type Page } from '../pagination.js';
import type { KubeopRawClient } from '../raw.js';
import { expectData, expectNoContent, expectPage } from '../responses.js';
import type { App, CreateAppInput, PageQuery, ReplaceAppInput, UpdateAppInput } from '../types.js';

/** Which apps to list: a project's (required unless the caller is an admin). */
export interface AppsQuery extends PageQuery {
  projectID?: string;
}

/** `/v1/apps`. */
export function appsApi(raw: KubeopRawClient) {
  const list = (query: AppsQuery = {}): Promise<Page<App>> => expectPage(raw.GET('/v1/apps', { params: { query } }));
  return {
    create: (input: CreateAppInput): Promise<App> => expectData(raw.POST('/v1/apps', { body: input })),
    /** One page of apps, newest first, with their live `status`. */
    list,
    /** Every app, following the pages. */
    listAll: (query: Omit<AppsQuery, 'cursor'> = {}): AsyncGenerator<App, void, undefined> =>
      paginate((cursor) => list({ ...query, cursor })),
    get: (id: string): Promise<App> => expectData(raw.GET('/v1/apps/{id}', { params: { path: { id } } })),
    /** Changes the fields given (`PATCH`); `null` clears `image` or `host`. */
    update: (id: string, input: UpdateAppInput): Promise<void> =>
      expectNoContent(raw.PATCH('/v1/apps/{id}', { params: { path: { id } }, body: input })),
    /** Replaces the app's fields (`PUT`): what is left out is cleared. */
    replace: (id: string, input: ReplaceAppInput): Promise<void> =>
      expectNoContent(raw.PUT('/v1/apps/{id}', { params: { path: { id } }, body: input })),
    delete: (id: string): Promise<void> => expectNoContent(raw.DELETE('/v1/apps/{id}', { params: { path: { id } } })),
  };
}

export type AppsApi = ReturnType<typeof appsApi>;
