import { paginate, type Page } from '../pagination.js';
import type { KubeopRawClient } from '../raw.js';
import { expectData, expectNoContent, expectPage } from '../responses.js';
import type { CreateProjectInput, PageQuery, Project, UpdateProjectInput } from '../types.js';

/** Which projects to list: a tenant's (required unless the caller is an admin). */
export interface ProjectsQuery extends PageQuery {
  tenantID?: string;
}

/** `/v1/projects`. */
export function projectsApi(raw: KubeopRawClient) {
  const list = (query: ProjectsQuery = {}): Promise<Page<Project>> => expectPage(raw.GET('/v1/projects', { params: { query } }));
  return {
    create: (input: CreateProjectInput): Promise<Project> => expectData(raw.POST('/v1/projects', { body: input })),
    /** One page of projects, newest first. */
    list,
    /** Every project, following the pages. */
    listAll: (query: Omit<ProjectsQuery, 'cursor'> = {}): AsyncGenerator<Project, void, undefined> =>
      paginate((cursor) => list({ ...query, cursor })),
    get: (id: string): Promise<Project> => expectData(raw.GET('/v1/projects/{id}', { params: { path: { id } } })),
    /** Renames a project (its namespace stays). */
    update: (id: string, input: UpdateProjectInput): Promise<void> =>
      expectNoContent(raw.PATCH('/v1/projects/{id}', { params: { path: { id } }, body: input })),
    delete: (id: string): Promise<void> => expectNoContent(raw.DELETE('/v1/projects/{id}', { params: { path: { id } } })),
  };
}

export type ProjectsApi = ReturnType<typeof projectsApi>;
