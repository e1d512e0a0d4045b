import { NAME_LIMITS } from '../names.js';
import { managedLabels } from './labels.js';
import type { KubeObject } from './types.js';

/** Group and version of kubeOP's custom resources. */
export const CRD_GROUP = 'paas.kubeop.io';
export const CRD_VERSION = 'v1alpha1';
export const CRD_API_VERSION = `${CRD_GROUP}/${CRD_VERSION}`;

/** Structural JSON schema as the API server spells it (wire format: `x-kubernetes-*`, `enum`). */
export interface JSONSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  items?: JSONSchema;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: ValidationRule[];
}

export interface ValidationRule {
  rule: string;
  message: string;
  fieldPath?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface CustomResourceDefinition extends KubeObject {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    scope: 'Cluster' | 'Namespaced';
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JSONSchema };
      subresources?: { status?: Record<string, never> };
      additionalPrinterColumns?: PrinterColumn[];
    }>;
    conversion: { strategy: 'None' };
  };
}

// ---------------------------------------------------------------------------------------------
// shared schema pieces

const str = (maxLength: number, extra: Partial<JSONSchema> = {}): JSONSchema => ({ type: 'string', maxLength, ...extra });
const DNS_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** IPv4 or IPv6 CIDR (shape only; the operator passes it to NetworkPolicy ipBlock, which validates it). */
const CIDR = '^([0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9a-fA-F:]+/[0-9]{1,3})$';
/** A resource quantity (`500m`, `2`, `1.5Gi`), as the API server's own pattern for quantities. */
const quantity: JSONSchema = str(64, {
  minLength: 1,
  pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
});
const cpuMemory: JSONSchema = { type: 'object', properties: { cpu: quantity, memory: quantity } };

/** metav1.Condition, with real properties so structural pruning keeps them. */
export const CONDITION_SCHEMA: JSONSchema = {
  type: 'object',
  description: 'A condition of the object (metav1.Condition).',
  required: ['type', 'status'],
  properties: {
    type: str(316, { minLength: 1, description: 'Condition type, e.g. Ready.' }),
    status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
    reason: str(1024),
    message: str(32768),
    lastTransitionTime: { type: 'string', format: 'date-time' },
    observedGeneration: { type: 'integer', format: 'int64', minimum: 0 },
  },
};

const CONDITIONS: JSONSchema = {
  type: 'array',
  maxItems: 32,
  items: CONDITION_SCHEMA,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
};

function statusSchema(extra: Record<string, JSONSchema>): JSONSchema {
  return {
    type: 'object',
    properties: {
      observedGeneration: { type: 'integer', format: 'int64', minimum: 0 },
      ready: { type: 'boolean' },
      conditions: CONDITIONS,
      ...extra,
    },
  };
}

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const READY_CONDITION: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const READY_FLAG: PrinterColumn = { name: 'Ready', type: 'boolean', jsonPath: '.status.ready' };

interface KindSpec {
  kind: string;
  plural: string;
  shortNames?: string[];
  scope: 'Cluster' | 'Namespaced';
  description: string;
  spec: JSONSchema;
  /** Omitted: no status subresource. */
  status?: JSONSchema;
  columns: PrinterColumn[];
}

function crd(k: KindSpec, version: string): CustomResourceDefinition {
  const root: JSONSchema = {
    type: 'object',
    description: k.description,
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: k.spec,
      ...(k.status ? { status: k.status } : {}),
    },
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${k.plural}.${CRD_GROUP}`, labels: managedLabels(version, 'crd') },
    spec: {
      group: CRD_GROUP,
      names: {
        kind: k.kind,
        listKind: `${k.kind}List`,
        plural: k.plural,
        singular: k.kind.toLowerCase(),
        ...(k.shortNames ? { shortNames: k.shortNames } : {}),
        categories: ['kubeop'],
      },
      scope: k.scope,
      versions: [
        {
          name: CRD_VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: root },
          ...(k.status ? { subresources: { status: {} } } : {}),
          additionalPrinterColumns: k.columns,
        },
      ],
      conversion: { strategy: 'None' },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// the seven kinds (upstream §7.1, with structural schemas and CEL that never errors on absent fields)

const HOOK: JSONSchema = {
  type: 'object',
  required: ['image'],
  properties: {
    image: str(4096, { minLength: 1 }),
    args: { type: 'array', maxItems: 64, items: str(4096), 'x-kubernetes-list-type': 'atomic' },
  },
};

export const KIND_SPECS: readonly KindSpec[] = [
  {
    kind: 'Tenant',
    plural: 'tenants',
    shortNames: ['ten'],
    scope: 'Cluster',
    description: 'A kubeOP tenant: owns projects (namespaces).',
    spec: {
      type: 'object',
      required: ['name'],
      properties: {
        name: str(NAME_LIMITS.tenant, {
          minLength: 1,
          pattern: DNS_LABEL,
          description: 'Display name (the object is named by the tenant id).',
        }),
      },
      'x-kubernetes-validations': [
        { rule: "has(self.name) && self.name != ''", message: 'spec.name is required', reason: 'FieldValueRequired' },
      ],
    },
    status: statusSchema({}),
    columns: [READY_CONDITION, AGE],
  },
  {
    kind: 'Project',
    plural: 'projects',
    shortNames: ['proj'],
    scope: 'Cluster',
    description:
      'A kubeOP project (named by the project id): reconciled into the namespace spec.namespace with its limits, quota and network policies.',
    spec: {
      type: 'object',
      required: ['tenantRef', 'name', 'namespace'],
      properties: {
        tenantRef: str(63, { minLength: 1, pattern: DNS_LABEL, description: 'The tenant id.' }),
        // `namespace` is a CEL reserved word: rules spell it __namespace__
        name: str(NAME_LIMITS.project, { minLength: 1, pattern: DNS_LABEL, description: 'Display name.' }),
        namespace: str(63, { minLength: 1, pattern: DNS_LABEL, description: 'The namespace the project owns, fixed at creation.' }),
      },
      'x-kubernetes-validations': [
        { rule: "has(self.tenantRef) && self.tenantRef != ''", message: 'spec.tenantRef is required', reason: 'FieldValueRequired' },
        { rule: "has(self.name) && self.name != ''", message: 'spec.name is required', reason: 'FieldValueRequired' },
        {
          rule: "has(self.__namespace__) && self.__namespace__ != ''",
          message: 'spec.namespace is required',
          reason: 'FieldValueRequired',
        },
        {
          rule: '(!has(oldSelf.tenantRef) || (has(self.tenantRef) && self.tenantRef == oldSelf.tenantRef)) && (!has(oldSelf.__namespace__) || (has(self.__namespace__) && self.__namespace__ == oldSelf.__namespace__))',
          message: 'spec.tenantRef and spec.namespace are immutable',
        },
      ],
    },
    status: statusSchema({ namespace: str(63) }),
    columns: [{ name: 'Namespace', type: 'string', jsonPath: '.status.namespace' }, READY_CONDITION, AGE],
  },
  {
    kind: 'App',
    plural: 'apps',
    scope: 'Namespaced',
    description: 'An application deployed into a project namespace.',
    spec: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { type: 'string', enum: ['Image', 'Git', 'Helm', 'Raw'] },
        appID: str(64, { description: 'The app id in the Manager.' }),
        projectRef: str(64, { description: 'The project id.' }),
        image: str(4096),
        host: str(253, { pattern: DNS_NAME }),
        git: {
          type: 'object',
          required: ['repo'],
          properties: { repo: str(2048, { minLength: 1 }), ref: str(255), path: str(1024) },
        },
        helm: {
          type: 'object',
          required: ['chart'],
          properties: {
            chart: str(2048, { minLength: 1 }),
            version: str(128),
            values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
        rawManifests: str(262144),
        hooks: {
          type: 'object',
          properties: {
            pre: { type: 'array', maxItems: 16, items: HOOK, 'x-kubernetes-list-type': 'atomic' },
            post: { type: 'array', maxItems: 16, items: HOOK, 'x-kubernetes-list-type': 'atomic' },
          },
        },
      },
      'x-kubernetes-validations': [
        {
          rule: "!has(self.type) || self.type != 'Image' || (has(self.image) && self.image != '')",
          message: 'spec.image is required when spec.type is Image',
          fieldPath: '.image',
        },
        {
          rule: "!has(self.type) || self.type != 'Git' || has(self.git)",
          message: 'spec.git is required when spec.type is Git',
          fieldPath: '.git',
        },
        {
          rule: "!has(self.type) || self.type != 'Helm' || has(self.helm)",
          message: 'spec.helm is required when spec.type is Helm',
          fieldPath: '.helm',
        },
        {
          rule: "!has(self.type) || self.type != 'Raw' || (has(self.rawManifests) && self.rawManifests != '')",
          message: 'spec.rawManifests is required when spec.type is Raw',
          fieldPath: '.rawManifests',
        },
      ],
    },
    status: statusSchema({
      revision: str(64),
      availableReplicas: { type: 'integer', format: 'int32', minimum: 0 },
      message: str(32768),
    }),
    columns: [
      { name: 'Type', type: 'string', jsonPath: '.spec.type' },
      { name: 'Host', type: 'string', jsonPath: '.spec.host' },
      { name: 'Revision', type: 'string', jsonPath: '.status.revision' },
      READY_CONDITION,
      AGE,
    ],
  },
  {
    kind: 'DNSRecord',
    plural: 'dnsrecords',
    scope: 'Cluster',
    description: 'A DNS record kubeOP maintains for an application host.',
    spec: {
      type: 'object',
      required: ['host', 'target'],
      properties: { host: str(253, { minLength: 1, pattern: DNS_NAME }), target: str(253, { minLength: 1 }) },
      'x-kubernetes-validations': [
        {
          rule: "has(self.host) && self.host != '' && has(self.target) && self.target != ''",
          message: 'spec.host and spec.target are required',
          reason: 'FieldValueRequired',
        },
      ],
    },
    status: statusSchema({ message: str(32768) }),
    columns: [
      { name: 'Host', type: 'string', jsonPath: '.spec.host' },
      { name: 'Target', type: 'string', jsonPath: '.spec.target' },
      READY_FLAG,
      AGE,
    ],
  },
  {
    kind: 'Certificate',
    plural: 'certificates',
    scope: 'Cluster',
    description: 'A TLS certificate kubeOP obtains for an application host.',
    spec: {
      type: 'object',
      required: ['host'],
      properties: { host: str(253, { minLength: 1, pattern: DNS_NAME }), dnsRecordRef: str(253) },
      'x-kubernetes-validations': [
        { rule: "has(self.host) && self.host != ''", message: 'spec.host is required', reason: 'FieldValueRequired' },
      ],
    },
    status: statusSchema({ message: str(32768) }),
    columns: [{ name: 'Host', type: 'string', jsonPath: '.spec.host' }, READY_FLAG, AGE],
  },
  {
    kind: 'Policy',
    plural: 'policies',
    scope: 'Cluster',
    description:
      'Platform policy. The operator reads the object named `default` (and watches it): image allowlist, egress baseline, project quota and LimitRange defaults, ingress controller namespace.',
    spec: {
      type: 'object',
      properties: {
        egressAllowCIDRs: { type: 'array', maxItems: 64, items: str(43, { minLength: 1 }), 'x-kubernetes-list-type': 'set' },
        imageAllowlist: {
          type: 'array',
          maxItems: 256,
          description: 'Image prefixes apps may use (e.g. docker.io/library/, ghcr.io/acme/*); empty or absent: every image.',
          items: str(512, { minLength: 1 }),
          'x-kubernetes-list-type': 'set',
        },
        egressBaseline: {
          type: 'array',
          maxItems: 64,
          description: 'CIDRs every project may reach (besides cluster DNS and its own namespace).',
          items: str(43, { minLength: 1, pattern: CIDR }),
          'x-kubernetes-list-type': 'set',
        },
        quotaMax: {
          type: 'object',
          description: 'The ResourceQuota of each project namespace.',
          properties: { requestsCPU: quantity, requestsMemory: quantity },
        },
        limitRangeDefaults: {
          type: 'object',
          description: 'LimitRange defaults of each project namespace (and the resources of app containers).',
          properties: { defaultRequest: cpuMemory, default: cpuMemory },
        },
        ingressNamespace: str(63, { minLength: 1, pattern: DNS_LABEL, description: 'Namespace of the ingress controller.' }),
        revision: { type: 'integer', format: 'int64', minimum: 0 },
      },
      'x-kubernetes-validations': [
        {
          rule: '!has(self.egressAllowCIDRs) || size(self.egressAllowCIDRs) <= 64',
          message: 'spec.egressAllowCIDRs may have at most 64 entries',
        },
      ],
    },
    columns: [{ name: 'Revision', type: 'integer', jsonPath: '.spec.revision' }, AGE],
  },
  {
    kind: 'Registry',
    plural: 'registries',
    scope: 'Cluster',
    description: 'An image registry tenants may pull from, with optional credentials.',
    spec: {
      type: 'object',
      required: ['host'],
      properties: { host: str(253, { minLength: 1 }), username: str(253), passwordRef: str(253) },
      'x-kubernetes-validations': [
        { rule: "has(self.host) && self.host != ''", message: 'spec.host is required', reason: 'FieldValueRequired' },
        {
          rule: "!has(self.username) || self.username == '' || (has(self.passwordRef) && self.passwordRef != '')",
          message: 'spec.passwordRef is required when spec.username is set',
          fieldPath: '.passwordRef',
          reason: 'FieldValueRequired',
        },
      ],
    },
    columns: [{ name: 'Host', type: 'string', jsonPath: '.spec.host' }, AGE],
  },
];

/** The seven CRDs, in a stable order. */
export function buildCrds(version: string): CustomResourceDefinition[] {
  return KIND_SPECS.map((k) => crd(k, version));
}

/** `<plural>.paas.kubeop.io` of every CRD. */
export const CRD_NAMES: readonly string[] = KIND_SPECS.map((k) => `${k.plural}.${CRD_GROUP}`);
