/**
 * Kubeconfigs are data, never code. A caller's kubeconfig is parsed here, field by field against an
 * allowlist, into a `KubeConnection`: an https server, embedded TLS material and static credentials.
 * Everything that would make a client act on the Manager's machine (`exec` and `auth-provider`
 * plugins, file paths, `proxy-url`) is refused with a 400 naming the field, and nothing of the file
 * reaches a Kubernetes client library: ../kube.ts speaks HTTPS from the connection alone.
 *
 * Messages name fields and say what is wrong; they never quote values (they hold credentials).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { InvalidError, type FieldIssue } from './errors.js';
import { DEFAULT_OUTBOUND_POLICY, isDenied, type OutboundPolicy } from './egress.js';

/** Everything needed to talk to one API server, validated. Holds secrets: never log it. */
export interface KubeConnection {
  /** `https://host[:port][/path]`, no trailing slash, no userinfo, query or fragment. */
  readonly server: string;
  /** PEM bundle of the CAs that sign the server's certificate; the system CAs when absent. */
  readonly ca?: string;
  readonly tlsServerName?: string;
  readonly insecureSkipTlsVerify: boolean;
  readonly token?: string;
  readonly clientCert?: string;
  readonly clientKey?: string;
  readonly username?: string;
  readonly password?: string;
  /** The context's namespace, if it names one. */
  readonly namespace?: string;
  /** Where connections may go (checked on every connection). */
  readonly policy: OutboundPolicy;
}

export interface ParsedKubeconfig {
  connection: KubeConnection;
  /**
   * The kubeconfig reduced to what is used (the current context, its cluster and its user, with only
   * accepted fields), as JSON: this is what gets sealed and stored.
   */
  normalized: string;
}

export interface ParseKubeconfigOptions {
  /** The API field the kubeconfig came in, prefixed to issue paths (default `kubeconfig`). */
  field?: string;
  policy?: OutboundPolicy;
}

/** Fields that make a client act on the machine it runs on, and why each is refused. */
const REFUSED: Record<string, string> = {
  exec: 'runs a program on the Manager: not accepted (use a token or a client certificate)',
  'auth-provider': 'runs a credential plugin on the Manager: not accepted (use a token or a client certificate)',
  'token-file': 'reads a file on the Manager: not accepted (embed the token as `token`)',
  tokenFile: 'reads a file on the Manager: not accepted (embed the token as `token`)',
  'certificate-authority': 'reads a file on the Manager: not accepted (embed it as `certificate-authority-data`)',
  'client-certificate': 'reads a file on the Manager: not accepted (embed it as `client-certificate-data`)',
  'client-key': 'reads a file on the Manager: not accepted (embed it as `client-key-data`)',
  'proxy-url': "sends the Manager's traffic through a proxy of the caller's choosing: not accepted",
  as: 'impersonation is not supported',
  'as-uid': 'impersonation is not supported',
  'as-groups': 'impersonation is not supported',
  'as-user-extra': 'impersonation is not supported',
};

/** Accepted but not used (metadata of the file). */
const IGNORED = new Set(['extensions', 'preferences', 'disable-compression']);

const TOP = new Set(['apiVersion', 'kind', 'clusters', 'users', 'contexts', 'current-context']);
const CLUSTER = new Set(['server', 'certificate-authority-data', 'tls-server-name', 'insecure-skip-tls-verify']);
const USER = new Set(['token', 'client-certificate-data', 'client-key-data', 'username', 'password']);
const CONTEXT = new Set(['cluster', 'user', 'namespace']);

const MAX_ENTRIES = 100;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 (white space ignored) decoded as UTF-8, or null when it is not base64. */
export function fromBase64(b64: string): string | null {
  const compact = b64.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) return null;
  return Buffer.from(compact, 'base64').toString('utf8');
}
const TOKEN = /^[\x21-\x7e]{1,16384}$/;
const PRINTABLE = /^[\x20-\x7e]{1,1024}$/;
const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly root: string) {}

  fail(path: string, message: string): undefined {
    if (this.issues.length < 20) this.issues.push({ path: `${this.root}${path}`, message });
    return undefined;
  }

  /** Refuses unknown and dangerous keys of `obj`. */
  keys(obj: Obj, allowed: Set<string>, path: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.has(key) || IGNORED.has(key)) continue;
      const at = `${path}.${key}`;
      this.fail(at, REFUSED[key] ?? 'is not a kubeconfig field kubeOP accepts');
    }
  }

  string(obj: Obj, key: string, path: string, pattern: RegExp, what: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !pattern.test(v)) return this.fail(`${path}.${key}`, `must be ${what}`);
    return v;
  }

  /** Base64 of a PEM document containing `label` blocks. */
  pem(obj: Obj, key: string, path: string, label: RegExp): string | undefined {
    const b64 = this.string(obj, key, path, /^[\s\S]*$/, 'a string');
    if (b64 === undefined) return undefined;
    const pem = fromBase64(b64);
    if (pem === null) return this.fail(`${path}.${key}`, 'must be standard base64');
    if (!label.test(pem)) return this.fail(`${path}.${key}`, 'must be base64 of a PEM file');
    return pem;
  }
}

/** The named entries of a list (`clusters`, `users`, `contexts`) by name, checked for shape and duplicates. */
function entries(c: Checker, doc: Obj, list: string, inner: string): Map<string, { index: number; body: Obj }> {
  const out = new Map<string, { index: number; body: Obj }>();
  const v = doc[list];
  if (v === undefined || v === null) return out;
  if (!Array.isArray(v)) {
    c.fail(`.${list}`, 'must be a list');
    return out;
  }
  if (v.length > MAX_ENTRIES) {
    c.fail(`.${list}`, `must have at most ${MAX_ENTRIES} entries`);
    return out;
  }
  v.forEach((entry: unknown, index) => {
    const at = `.${list}[${index}]`;
    if (!isObj(entry)) return c.fail(at, 'must be an object with name and ' + inner);
    c.keys(entry, new Set(['name', inner]), at);
    const name = entry.name;
    if (typeof name !== 'string' || !PRINTABLE.test(name)) return c.fail(`${at}.name`, 'must be a non-empty string');
    if (out.has(name)) return c.fail(`${at}.name`, 'is a duplicate name');
    const body = entry[inner] ?? {};
    if (!isObj(body)) return c.fail(`${at}.${inner}`, 'must be an object');
    out.set(name, { index, body });
  });
  return out;
}

interface ClusterFields {
  server?: string;
  ca?: string;
  tlsServerName?: string;
  insecure: boolean;
}

function checkCluster(c: Checker, body: Obj, at: string, policy: OutboundPolicy): ClusterFields {
  c.keys(body, CLUSTER, at);
  const out: ClusterFields = { insecure: false };
  const server = body.server;
  if (typeof server !== 'string' || server.length === 0 || server.length > 2048) {
    c.fail(`${at}.server`, 'must be an https:// URL');
  } else {
    out.server = checkServer(c, server, `${at}.server`, policy);
  }
  const ca = c.pem(body, 'certificate-authority-data', at, /-----BEGIN CERTIFICATE-----/);
  if (ca !== undefined) {
    try {
      new X509Certificate(ca);
      out.ca = ca;
    } catch {
      c.fail(`${at}.certificate-authority-data`, 'is not a valid PEM certificate');
    }
  }
  const sni = c.string(body, 'tls-server-name', at, HOSTNAME, 'a DNS name');
  if (sni !== undefined) out.tlsServerName = sni;
  const insecure = body['insecure-skip-tls-verify'];
  if (insecure !== undefined && insecure !== null && typeof insecure !== 'boolean') {
    c.fail(`${at}.insecure-skip-tls-verify`, 'must be true or false');
  } else if (insecure === true) {
    if (!policy.allowInsecureTls) {
      c.fail(
        `${at}.insecure-skip-tls-verify`,
        "turns off verification of the server's certificate: not accepted (send certificate-authority-data, or set KUBEOP_CLUSTER_ALLOW_INSECURE_TLS=true on the Manager)",
      );
    } else if (ca !== undefined) {
      c.fail(`${at}.insecure-skip-tls-verify`, 'cannot be combined with certificate-authority-data');
    } else {
      out.insecure = true;
    }
  }
  return out;
}

/**
 * An API server URL as kubeOP keeps it (`https://host[:port][/path]`, no trailing slash), or what is
 * wrong with it: https only, no user name or password, no query string or fragment.
 */
export function normaliseServerUrl(raw: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'must be an https:// URL' };
  }
  if (url.protocol !== 'https:') return { problem: 'must be an https:// URL (plain http would send credentials in the clear)' };
  if (url.username || url.password) return { problem: 'must not contain a user name or password' };
  if (raw.includes('?') || raw.includes('#')) return { problem: 'must not have a query string or fragment' };
  return { url: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}` };
}

function checkServer(c: Checker, raw: string, at: string, policy: OutboundPolicy): string | undefined {
  const checked = normaliseServerUrl(raw);
  if ('problem' in checked) return c.fail(at, checked.problem);
  const host = new URL(checked.url).hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0 && isDenied(policy, host)) {
    return c.fail(at, 'points at an address the Manager may not connect to (link-local or cloud metadata; KUBEOP_CLUSTER_DENY_CIDRS)');
  }
  return checked.url;
}

interface UserFields {
  token?: string;
  clientCert?: string;
  clientKey?: string;
  username?: string;
  password?: string;
}

function checkUser(c: Checker, body: Obj, at: string): UserFields {
  c.keys(body, USER, at);
  const out: UserFields = {};
  const token = c.string(body, 'token', at, TOKEN, 'a bearer token (printable, no spaces)');
  if (token !== undefined) out.token = token;
  const cert = c.pem(body, 'client-certificate-data', at, /-----BEGIN CERTIFICATE-----/);
  const key = c.pem(body, 'client-key-data', at, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  if ((cert === undefined) !== (key === undefined)) {
    c.fail(`${at}.${cert === undefined ? 'client-certificate-data' : 'client-key-data'}`, 'must come with its pair');
  } else if (cert !== undefined && key !== undefined) {
    try {
      if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
        c.fail(`${at}.client-key-data`, 'does not belong to client-certificate-data');
      } else {
        out.clientCert = cert;
        out.clientKey = key;
      }
    } catch {
      c.fail(`${at}.client-certificate-data`, 'is not a valid PEM certificate and private key');
    }
  }
  const username = c.string(body, 'username', at, PRINTABLE, 'printable text');
  const password = c.string(body, 'password', at, PRINTABLE, 'printable text');
  if ((username === undefined) !== (password === undefined)) {
    c.fail(`${at}.${username === undefined ? 'username' : 'password'}`, 'must come with its pair');
  } else if (username !== undefined && password !== undefined) {
    if (username.includes(':')) c.fail(`${at}.username`, 'must not contain ":"');
    out.username = username;
    out.password = password;
  }
  return out;
}

/** Parses YAML (or JSON) text without tags, merge keys or alias bombs. */
function parseDocument(text: string, field: string): Obj {
  let doc: unknown;
  try {
    doc = parseYaml(text, {
      schema: 'core',
      merge: false,
      maxAliasCount: 20,
      uniqueKeys: true,
      customTags: [],
      prettyErrors: false,
      logLevel: 'error',
    });
  } catch {
    throw InvalidError.field(field, 'is not a kubeconfig (YAML or JSON with clusters, users and contexts)');
  }
  if (!isObj(doc)) throw InvalidError.field(field, 'is not a kubeconfig (YAML or JSON with clusters, users and contexts)');
  return doc;
}

/**
 * Validates a kubeconfig file and turns its current context into a connection. Every entry of the
 * file is checked (so a refused field is reported wherever it is), but only the current context's
 * cluster and user are used and kept.
 */
export function parseKubeconfig(text: string, options: ParseKubeconfigOptions = {}): ParsedKubeconfig {
  const field = options.field ?? 'kubeconfig';
  const policy = options.policy ?? DEFAULT_OUTBOUND_POLICY;
  const doc = parseDocument(text, field);
  const c = new Checker(field);
  c.keys(doc, TOP, '');
  const clusters = entries(c, doc, 'clusters', 'cluster');
  const users = entries(c, doc, 'users', 'user');
  const contexts = entries(c, doc, 'contexts', 'context');
  const checkedClusters = new Map(
    [...clusters].map(([name, e]) => [name, checkCluster(c, e.body, `.clusters[${e.index}].cluster`, policy)]),
  );
  const checkedUsers = new Map([...users].map(([name, e]) => [name, checkUser(c, e.body, `.users[${e.index}].user`)]));
  for (const e of contexts.values()) {
    const at = `.contexts[${e.index}].context`;
    c.keys(e.body, CONTEXT, at);
    c.string(e.body, 'cluster', at, PRINTABLE, 'a cluster name');
    c.string(e.body, 'user', at, PRINTABLE, 'a user name');
    c.string(e.body, 'namespace', at, DNS_LABEL, 'a namespace name');
  }
  if (c.issues.length > 0) throw rejection(c.issues);

  const currentName = doc['current-context'];
  if (typeof currentName !== 'string' || currentName === '') throw InvalidError.field(field, 'has no current-context');
  const current = contexts.get(currentName);
  if (!current) throw InvalidError.field(`${field}.current-context`, 'is not among its contexts');
  const at = `${field}.contexts[${current.index}].context`;
  const clusterName = current.body.cluster as string | undefined;
  const userName = current.body.user as string | undefined;
  const cluster = clusterName === undefined ? undefined : checkedClusters.get(clusterName);
  if (!cluster?.server) throw InvalidError.field(`${at}.cluster`, 'names a cluster that is not in the file');
  const user = userName === undefined ? undefined : checkedUsers.get(userName);
  if (!user) throw InvalidError.field(`${at}.user`, 'names a user that is not in the file');
  const namespace = current.body.namespace as string | undefined;

  const connection: KubeConnection = {
    server: cluster.server,
    insecureSkipTlsVerify: cluster.insecure,
    policy,
    ...(cluster.ca !== undefined ? { ca: cluster.ca } : {}),
    ...(cluster.tlsServerName !== undefined ? { tlsServerName: cluster.tlsServerName } : {}),
    ...user,
    ...(namespace !== undefined ? { namespace } : {}),
  };
  return { connection, normalized: JSON.stringify(renderKubeconfig(connection)) };
}

/** A kubeconfig as callers hand it in (base64 of the file), decoded and parsed. */
export function decodeKubeconfig(b64: string, policy: OutboundPolicy = DEFAULT_OUTBOUND_POLICY, field = 'kubeconfig'): ParsedKubeconfig {
  if (b64.trim().length === 0) throw InvalidError.field(field, 'must not be empty');
  const text = fromBase64(b64);
  if (text === null) throw InvalidError.field(field, 'is not standard base64 (encode the file with `base64 -w0`)');
  if (text.includes('\uFFFD') || text.includes('\u0000')) throw InvalidError.field(field, 'does not decode to a text file');
  return parseKubeconfig(text, { field, policy });
}

function rejection(issues: FieldIssue[]): InvalidError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new InvalidError(`${first.path}: ${first.message}${more}`, issues);
}

const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');

/** A self-contained kubeconfig (as an object; JSON is YAML) for a connection. Holds its secrets. */
export function renderKubeconfig(k: Omit<KubeConnection, 'policy'>) {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'cluster',
        cluster: {
          server: k.server,
          ...(k.ca !== undefined ? { 'certificate-authority-data': b64(k.ca) } : {}),
          ...(k.tlsServerName !== undefined ? { 'tls-server-name': k.tlsServerName } : {}),
          ...(k.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [
      {
        name: 'user',
        user: {
          ...(k.token !== undefined ? { token: k.token } : {}),
          ...(k.clientCert !== undefined ? { 'client-certificate-data': b64(k.clientCert) } : {}),
          ...(k.clientKey !== undefined ? { 'client-key-data': b64(k.clientKey) } : {}),
          ...(k.username !== undefined ? { username: k.username } : {}),
          ...(k.password !== undefined ? { password: k.password } : {}),
        },
      },
    ],
    contexts: [
      {
        name: 'default',
        context: { cluster: 'cluster', user: 'user', ...(k.namespace !== undefined ? { namespace: k.namespace } : {}) },
      },
    ],
    'current-context': 'default',
  };
}
