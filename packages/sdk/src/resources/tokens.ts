import type { operations } from '../generated/openapi.js';
import { paginate, type Page } from '../pagination.js';
import type { KubeopRawClient } from '../raw.js';
import { expectData, expectNoContent, expectPage } from '../responses.js';
import type { IssuedToken, JsonBody, PageQuery } from '../types.js';

/** A project token as issued: the JWT itself (shown once), when it expires, and its id for revocation. */
export type ProjectToken = operations['tokens-createProjectToken']['responses'][200]['content']['application/json'];

export interface IssueProjectTokenInput {
  projectID: string;
  /** Lifetime in minutes (default 60, at most the Manager's `KUBEOP_TOKEN_MAX_TTL`). */
  ttlMinutes?: number | null;
}

/** Whose tokens to list: a tenant's or a project's (required unless the caller is an admin). */
export interface TokensQuery extends PageQuery {
  tenantID?: string;
  projectID?: string;
}

/** `/v1/jwt`: project-scoped API tokens. */
export function tokensApi(raw: KubeopRawClient) {
  const list = (query: TokensQuery = {}): Promise<Page<IssuedToken>> => expectPage(raw.GET('/v1/jwt', { params: { query } }));
  return {
    /** Issues a token that acts as the project (admins and the project's tenant). */
    issueProject: (input: IssueProjectTokenInput): Promise<ProjectToken> => {
      const body: JsonBody<'tokens-createProjectToken'> = { ProjectID: input.projectID };
      if (input.ttlMinutes !== undefined) body.TTLMinutes = input.ttlMinutes;
      return expectData(raw.POST('/v1/jwt/project', { body }));
    },
    /** One page of issued tokens (their records, never the tokens themselves). */
    list,
    /** Every issued token, following the pages. */
    listAll: (query: Omit<TokensQuery, 'cursor'> = {}): AsyncGenerator<IssuedToken, void, undefined> =>
      paginate((cursor) => list({ ...query, cursor })),
    /** Revokes a token by its `jti`; revoking again is fine. */
    revoke: (jti: string): Promise<void> => expectNoContent(raw.DELETE('/v1/jwt/{jti}', { params: { path: { jti } } })),
  };
}

export type TokensApi = ReturnType<typeof tokensApi>;
