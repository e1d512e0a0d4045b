/**
 * Guardrails the API server enforces itself: ValidatingAdmissionPolicies (CEL, GA since Kubernetes
 * 1.30) parameterised by the cluster's `Policy/default` (paramKind), bound to tenant namespaces
 * (label `app.kubeop.io/tenant`). They need no webhook, so they hold while the admission webhook is
 * down and cost no network hop; the webhook keeps what CEL cannot express (see the README).
 *
 * - `images`: the image allowlist for containers, initContainers and ephemeralContainers of Pods and
 *   of pod templates (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), with the
 *   runtime's reading of a reference (the first path component is a registry only when it has a `.`
 *   or `:` or is `localhost`, else docker.io; index.docker.io is docker.io) — the rule of
 *   `imageAllowed` in ../workloads/policy.ts: registry hosts, prefixes (`/` or `*`) and whole
 *   repositories (optionally with tag or digest).
 * - `pod-security`: no host namespaces, hostPath volumes, privileged containers or privilege escalation.
 * - `quota`: a ResourceQuota's requests.cpu/cpu and requests.memory/memory at most `quotaMax`.
 * - `egress`: every NetworkPolicy egress `ipBlock.cidr` inside one CIDR of `egressBaseline`.
 *
 * Updates are only judged when the judged part changed (a pod's spec, a template, `spec.hard`,
 * `spec.egress`), so a tightened policy never blocks finalizer or label updates of what already runs.
 *
 * The bindings' `parameterNotFoundAction` is `Allow`: without `Policy/default` no kubeOP policy was
 * ever synced to the cluster (the Manager writes it once a policy is stored), and the cluster runs on
 * the platform defaults the operator applies. Deny would instead stop every rollout in every tenant
 * namespace (down to the ReplicaSet controller's pods) on a missing object only a cluster admin can
 * delete — who could as well delete the bindings.
 */
import { DEFAULT_SYSTEM_NAMESPACE, type PlatformOptions } from '../options.js';
import { DEFAULT_POLICY, DEFAULT_POLICY_NAME } from '../workloads/policy.js';
import { tenantNamespaceSelector } from './admission.js';
import { CRD_API_VERSION } from './crds.js';
import { managedLabels } from './labels.js';
import type { KubeObject } from './types.js';

export type GuardrailRule = 'images' | 'pod-security' | 'quota' | 'egress';
export const GUARDRAIL_RULES: readonly GuardrailRule[] = ['images', 'pod-security', 'quota', 'egress'];

/** Cluster-scoped, so installations in other namespaces get their own (`-<namespace>` appended). */
export function guardrailPolicyName(namespace: string, rule: GuardrailRule): string {
  const base = `kubeop-guardrail-${rule}`;
  return namespace === DEFAULT_SYSTEM_NAMESPACE ? base : `${base}-${namespace}`;
}

const CREATE_UPDATE = ['CREATE', 'UPDATE'];
const POD_WORKLOADS = [
  { apiGroups: [''], resources: ['pods'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'] },
];

// ---------------------------------------------------------------------------------------------
// CEL pieces

/** The pod spec of `o` (a Pod, a CronJob, or anything with `spec.template`). */
const podSpecOf = (o: string) =>
  `(${o}.kind == 'Pod' ? ${o}.spec : ${o}.kind == 'CronJob' ? ${o}.spec.jobTemplate.spec.template.spec : ${o}.spec.template.spec)`;
const PODSPEC_PATH = `(object.kind == 'Pod' ? 'spec' : object.kind == 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec')`;
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * Maps a CEL list of `{'image': …, …}` maps (string values; other keys are carried along) to the
 * same maps with `registry`, `full` (registry/repository), `tag` and `digest` ('' when absent), read
 * as the runtime reads a reference (see ../images.ts parseImage). CEL in admission policies has no
 * let-binding (`cel.bind`), so each step is a `map` that carries what the next one needs.
 */
export function celNormaliseImages(list: string, carry: readonly string[] = []): string {
  const steps: Array<Record<string, string>> = [
    { f: `m.image.split('/')[0]` },
    { h: `m.image.contains('/') && (m.f.contains('.') || m.f.contains(':') || m.f == 'localhost') ? 'y' : ''` },
    { r0: `m.h == 'y' ? m.f.lowerAscii() : 'docker.io'`, rest: `m.h == 'y' ? m.image.substring(size(m.f) + 1) : m.image` },
    {
      registry: `m.r0 == 'index.docker.io' || m.r0 == 'registry-1.docker.io' ? 'docker.io' : m.r0`,
      nd: `m.rest.split('@')[0]`,
      digest: `m.rest.contains('@') ? m.rest.split('@')[1] : ''`,
    },
    {
      tag: `m.nd.lastIndexOf(':') > m.nd.lastIndexOf('/') ? m.nd.substring(m.nd.lastIndexOf(':') + 1) : ''`,
      p: `m.nd.lastIndexOf(':') > m.nd.lastIndexOf('/') ? m.nd.substring(0, m.nd.lastIndexOf(':')) : m.nd`,
    },
    { full: `m.registry + '/' + (m.registry == 'docker.io' && !m.p.contains('/') ? 'library/' + m.p : m.p)` },
  ];
  const keep = ['image', ...carry];
  let expr = list;
  const have = new Set<string>();
  for (const step of steps) {
    // string(): literals must be homogeneous, and values read from the request are dyn
    const fields = [...keep, ...have].map((k) => `'${k}': string(m.${k})`);
    for (const [k, e] of Object.entries(step)) {
      fields.push(`'${k}': string(${e})`);
      have.add(k);
    }
    expr = `${expr}.map(m, {${fields.join(', ')}})`;
  }
  const out = [...keep, 'registry', 'full', 'tag', 'digest'].map((k) => `'${k}': string(m.${k})`);
  return `${expr}.map(m, {${out.join(', ')}})`;
}

/** `params.spec.<path>` when set, else `fallback` (a CEL expression). */
const param = (path: string, fallback: string) => {
  const parts = path.split('.');
  const guards = parts.map((_, i) => `has(params.spec.${parts.slice(0, i + 1).join('.')})`);
  return `has(params.spec) && ${guards.join(' && ')} ? params.spec.${path} : ${fallback}`;
};

const v = (name: string, expression: string) => ({ name, expression });

/** The images policy: variables and the one validation. */
function imagesSpec() {
  const allowed = (m: string) =>
    [
      `size(variables.allowlist) == 0 ||`,
      `variables.hosts.exists(h, h == ${m}.registry) ||`,
      `variables.prefixes.exists(p, ${m}.full.startsWith(p) || (${m}.full + '/').startsWith(p)) ||`,
      `variables.exact.exists(e, e.full == ${m}.full && (e.tag == '' || e.tag == ${m}.tag) && (e.digest == '' || e.digest == ${m}.digest))`,
    ].join(' ');
  const lists = CONTAINER_LISTS.map(
    (l) =>
      `(has(variables.podSpec.${l}) ? variables.podSpec.${l}.map(c, {'field': string(variables.path + '.${l}[' + c.name + '].image'), 'image': has(c.image) ? string(c.image) : ''}) : [])`,
  ).join(' + ');
  const d = 'variables.denied[0]';
  const message = [
    `${d}.field + ': ' + (variables.hosts.exists(h, h == ${d}.registry) || variables.prefixes.exists(p, p.startsWith(${d}.registry + '/')) || variables.exact.exists(e, e.registry == ${d}.registry)`,
    `? ${d}.image + ' is not allowed by' : 'registry ' + ${d}.registry + ' is not in')`,
    `+ ' the image allowlist (' + variables.allowlist.join(', ') + ') of the kubeOP policy'`,
  ].join(' ');
  const entries = (filter: string) => `variables.allowlist.filter(e, ${filter})`;
  return {
    variables: [
      v('podSpec', podSpecOf('object')),
      v('path', PODSPEC_PATH),
      v('unchanged', `request.operation == 'UPDATE' && ${podSpecOf('oldObject')} == variables.podSpec`),
      v('allowlist', param('imageAllowlist', '[]')),
      v(
        'hosts',
        `${entries("!e.contains('/')")}.map(e, e.lowerAscii()).map(l, l == 'index.docker.io' || l == 'registry-1.docker.io' ? 'docker.io' : l)`,
      ),
      // `ghcr.io/acme/` as written; `docker.io/ngin*` as the reference it starts
      v(
        'prefixes',
        `${entries("e.contains('/') && e.endsWith('/')")} + ${entries("e.contains('/') && e.endsWith('*')")}.map(e, e.substring(0, size(e) - 1)).filter(e, e.endsWith('/')) + ` +
          `${celNormaliseImages(`${entries("e.contains('/') && e.endsWith('*')")}.map(e, e.substring(0, size(e) - 1)).filter(e, !e.endsWith('/')).map(e, {'image': e})`)}.map(m, m.full)`,
      ),
      v('exact', celNormaliseImages(`${entries("e.contains('/') && !e.endsWith('/') && !e.endsWith('*')")}.map(e, {'image': e})`)),
      v('refs', celNormaliseImages(`(${lists}).filter(c, c.image != '')`, ['field'])),
      v('denied', `variables.refs.filter(m, !(${allowed('m')}))`),
    ],
    validations: [{ expression: 'variables.unchanged || size(variables.denied) == 0', messageExpression: message, reason: 'Forbidden' }],
  };
}

function podSecuritySpec() {
  /** The fields (`spec.containers[app]`) of the containers for which `check` (on `c`) holds. */
  const containersWhere = (check: string) =>
    CONTAINER_LISTS.map(
      (l) =>
        `(has(variables.podSpec.${l}) ? variables.podSpec.${l}.filter(c, ${check}).map(c, variables.path + '.${l}[' + c.name + ']') : [])`,
    ).join(' + ');
  const ok = (check: string) => `variables.unchanged || ${check}`;
  return {
    variables: [
      v('podSpec', podSpecOf('object')),
      v('path', PODSPEC_PATH),
      v('unchanged', `request.operation == 'UPDATE' && ${podSpecOf('oldObject')} == variables.podSpec`),
      v(
        'hostNamespaces',
        ['hostNetwork', 'hostPID', 'hostIPC']
          .map((k) => `(has(variables.podSpec.${k}) && variables.podSpec.${k} ? ['${k}'] : [])`)
          .join(' + '),
      ),
      v('hostPaths', `has(variables.podSpec.volumes) ? variables.podSpec.volumes.filter(x, has(x.hostPath)).map(x, x.name) : []`),
      v('privileged', containersWhere('has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged')),
      v(
        'escalating',
        containersWhere(
          'has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation',
        ),
      ),
    ],
    validations: [
      {
        expression: ok('size(variables.hostNamespaces) == 0'),
        messageExpression: `variables.path + '.' + variables.hostNamespaces[0] + ': host namespaces are not allowed (hostNetwork/hostPID/hostIPC)'`,
        reason: 'Forbidden',
      },
      {
        expression: ok('size(variables.hostPaths) == 0'),
        messageExpression: `variables.path + '.volumes[' + variables.hostPaths[0] + '].hostPath: hostPath volumes are not allowed'`,
        reason: 'Forbidden',
      },
      {
        expression: ok('size(variables.privileged) == 0'),
        messageExpression: `variables.privileged[0] + '.securityContext.privileged: privileged containers are not allowed'`,
        reason: 'Forbidden',
      },
      {
        expression: ok('size(variables.escalating) == 0'),
        messageExpression: `variables.escalating[0] + '.securityContext.allowPrivilegeEscalation: privilege escalation is not allowed'`,
        reason: 'Forbidden',
      },
    ],
  };
}

function quotaSpec() {
  const rule = (keys: string[], max: string, field: string) => {
    const over = `[${keys.map((k) => `'${k}'`).join(', ')}].filter(k, k in variables.hard && quantity(variables.hard[k]).isGreaterThan(quantity(${max})))`;
    return {
      expression: `variables.unchanged || size(${over}) == 0`,
      messageExpression: `'spec.hard[' + ${over}[0] + ']: ' + variables.hard[${over}[0]] + ' exceeds the ${field} of the kubeOP policy (' + ${max} + ')'`,
      reason: 'Forbidden',
    };
  };
  return {
    variables: [
      v('hard', 'has(object.spec.hard) ? object.spec.hard : {}'),
      v(
        'unchanged',
        `request.operation == 'UPDATE' && has(oldObject.spec.hard) == has(object.spec.hard) && (!has(object.spec.hard) || oldObject.spec.hard == object.spec.hard)`,
      ),
      v('maxCPU', param('quotaMax.requestsCPU', `'${DEFAULT_POLICY.quotaMax.requestsCPU}'`)),
      v('maxMemory', param('quotaMax.requestsMemory', `'${DEFAULT_POLICY.quotaMax.requestsMemory}'`)),
    ],
    validations: [
      rule(['requests.cpu', 'cpu'], 'variables.maxCPU', 'quotaMax.requestsCPU'),
      rule(['requests.memory', 'memory'], 'variables.maxMemory', 'quotaMax.requestsMemory'),
    ],
  };
}

function egressSpec() {
  const inside = (c: string) => `variables.baseline.exists(b, isCIDR(b) && cidr(b).containsCIDR(cidr(${c})))`;
  const outside = `(has(object.spec.egress) ? object.spec.egress : []).map(r, has(r.to) ? r.to.filter(p, has(p.ipBlock) && !${inside('p.ipBlock.cidr')}).map(p, p.ipBlock.cidr).join(', ') : '').filter(s, s != '')`;
  return {
    variables: [
      v('baseline', param('egressBaseline', '[]')),
      v(
        'unchanged',
        `request.operation == 'UPDATE' && has(oldObject.spec.egress) == has(object.spec.egress) && (!has(object.spec.egress) || oldObject.spec.egress == object.spec.egress)`,
      ),
      v('outside', outside),
    ],
    validations: [
      {
        expression: 'variables.unchanged || size(variables.outside) == 0',
        messageExpression: `'spec.egress[].to[].ipBlock.cidr: ' + variables.outside.join(', ') + (size(variables.baseline) == 0 ? ' is not allowed: the kubeOP policy has no egress baseline' : ' is not inside the egress baseline (' + variables.baseline.join(', ') + ') of the kubeOP policy')`,
        reason: 'Forbidden',
      },
    ],
  };
}

const SPECS: Record<GuardrailRule, { rules: typeof POD_WORKLOADS; build: () => { variables: unknown[]; validations: unknown[] } }> = {
  images: { rules: [...POD_WORKLOADS, { apiGroups: [''], resources: ['pods/ephemeralcontainers'] }], build: imagesSpec },
  'pod-security': { rules: [...POD_WORKLOADS, { apiGroups: [''], resources: ['pods/ephemeralcontainers'] }], build: podSecuritySpec },
  quota: { rules: [{ apiGroups: [''], resources: ['resourcequotas'] }], build: quotaSpec },
  egress: { rules: [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'] }], build: egressSpec },
};

/**
 * The guardrail ValidatingAdmissionPolicies and their bindings, policy before binding. Spelled out
 * with the server's defaults (matchPolicy, selectors, scope), so a re-apply is a no-op.
 */
export function buildGuardrailPolicies(opts: PlatformOptions): KubeObject[] {
  const labels = managedLabels(opts.version, 'guardrails');
  return GUARDRAIL_RULES.flatMap((rule): KubeObject[] => {
    const name = guardrailPolicyName(opts.namespace, rule);
    const { rules, build } = SPECS[rule];
    return [
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels },
        spec: {
          failurePolicy: 'Fail',
          paramKind: { apiVersion: CRD_API_VERSION, kind: 'Policy' },
          matchConstraints: {
            matchPolicy: 'Equivalent',
            namespaceSelector: {},
            objectSelector: {},
            resourceRules: rules.map((r) => ({ ...r, apiVersions: ['*'], operations: CREATE_UPDATE, scope: '*' })),
          },
          ...build(),
        },
      } as KubeObject,
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels },
        spec: {
          policyName: name,
          validationActions: ['Deny'],
          paramRef: { name: DEFAULT_POLICY_NAME, parameterNotFoundAction: 'Allow' },
          matchResources: { matchPolicy: 'Equivalent', namespaceSelector: tenantNamespaceSelector(opts), objectSelector: {} },
        },
      } as KubeObject,
    ];
  });
}
