/**
 * What an App of type `Image` produces, as pure builders: a Deployment with secure defaults, a
 * Service and, when `spec.host` is set, an Ingress. Each carries the tenant, project and app labels
 * and (given the App's uid) a controller owner reference, so deleting the App cascades.
 *
 * The container runs as uid/gid 65532, never as root, without privilege escalation or capabilities,
 * with the RuntimeDefault seccomp profile and a read-only root filesystem; `/tmp` is a writable
 * emptyDir. It must listen on {@link APP_PORT} (`PORT` is set to it). Requests and limits are the
 * policy's LimitRange defaults. No ServiceAccount token is mounted.
 */
import { createHash } from 'node:crypto';
import type { V1Deployment, V1Ingress, V1PodTemplateSpec, V1Service } from '@kubernetes/client-node';
import { CRD_API_VERSION } from '../manifests/crds.js';
import { APP_LABEL, MANAGED_BY_LABEL, PROJECT_LABEL, TENANT_LABEL } from '../manifests/labels.js';
import type { Manifest } from '../manifests/types.js';
import { IMPLEMENTED_APP_TYPES, type AppResource } from '../resources.js';
import type { PlatformPolicy } from './policy.js';
import { OPERATOR_MANAGER, ownerReference } from './project.js';

/** The port the container listens on (unprivileged: the container is not root). */
export const APP_PORT = 8080;
/** The Service port (and the Ingress backend). */
export const APP_SERVICE_PORT = 80;
export const APP_UID = 65532;
/** Pod template annotation carrying the revision (a hash of the template). */
export const REVISION_ANNOTATION = 'app.kubeop.io/revision';
/** Pod selector label (the Deployment selector is immutable: the app name never changes). */
export const APP_NAME_LABEL = 'app.kubernetes.io/name';

export function appLabels(app: AppResource): Record<string, string> {
  const l = app.metadata.labels ?? {};
  return {
    [MANAGED_BY_LABEL]: OPERATOR_MANAGER,
    ...(l[TENANT_LABEL] ? { [TENANT_LABEL]: l[TENANT_LABEL] } : {}),
    [PROJECT_LABEL]: app.spec.projectRef || l[PROJECT_LABEL] || '',
    [APP_LABEL]: app.spec.appID || l[APP_LABEL] || '',
  };
}

export function appSelector(app: AppResource): Record<string, string> {
  return { [APP_NAME_LABEL]: app.metadata.name };
}

/** Why this App cannot be deployed (null: it can). Unimplemented types and refused images. */
export function appProblem(
  app: AppResource,
  policy: PlatformPolicy,
  allowed: (image: string) => boolean,
): { reason: string; message: string } | null {
  if (!(IMPLEMENTED_APP_TYPES as readonly string[]).includes(app.spec.type)) {
    return {
      reason: 'TypeNotImplemented',
      message: `spec.type ${app.spec.type} is not implemented by this operator (implemented: ${IMPLEMENTED_APP_TYPES.join(', ')}); nothing was deployed`,
    };
  }
  if (!app.spec.image) return { reason: 'ImageMissing', message: 'spec.image is required when spec.type is Image' };
  if (!allowed(app.spec.image)) {
    return {
      reason: 'ImageNotAllowed',
      message: `image ${app.spec.image} is not in the policy's imageAllowlist (policy revision ${policy.revision}); nothing was deployed`,
    };
  }
  return null;
}

function meta(app: AppResource) {
  const owners = ownerReference({ apiVersion: CRD_API_VERSION, kind: 'App', metadata: app.metadata as { name: string; uid?: string } });
  return {
    name: app.metadata.name,
    namespace: app.metadata.namespace!,
    labels: appLabels(app),
    ...(owners.length ? { ownerReferences: owners } : {}),
  };
}

/** The pod template without the revision annotation (what the revision is a hash of). */
export function appPodTemplate(app: AppResource, policy: PlatformPolicy): V1PodTemplateSpec {
  const d = policy.limitRangeDefaults;
  return {
    metadata: { labels: { ...appLabels(app), ...appSelector(app) } },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: APP_UID,
        runAsGroup: APP_UID,
        fsGroup: APP_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'app',
          image: app.spec.image ?? '',
          imagePullPolicy: 'IfNotPresent',
          env: [{ name: 'PORT', value: String(APP_PORT) }],
          ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
          readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10 },
          resources: {
            requests: { cpu: d.defaultRequest.cpu, memory: d.defaultRequest.memory },
            limits: { cpu: d.default.cpu, memory: d.default.memory },
          },
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
    },
  };
}

/** A short hash of what the pod runs: changes with the image (or the resources), and only then. */
export function appRevision(template: V1PodTemplateSpec): string {
  return createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
}

export function buildAppDeployment(app: AppResource, policy: PlatformPolicy): Manifest<V1Deployment> {
  const template = appPodTemplate(app, policy);
  const revision = appRevision(template);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app),
    spec: {
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: appSelector(app) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: { ...template, metadata: { ...template.metadata, annotations: { [REVISION_ANNOTATION]: revision } } },
    },
  };
}

export function buildAppService(app: AppResource): Manifest<V1Service> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(app),
    spec: {
      type: 'ClusterIP',
      selector: appSelector(app),
      ports: [{ name: 'http', port: APP_SERVICE_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/** The Ingress for `spec.host`, or null without a host. */
export function buildAppIngress(app: AppResource): Manifest<V1Ingress> | null {
  if (!app.spec.host) return null;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(app),
    spec: {
      rules: [
        {
          host: app.spec.host,
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: app.metadata.name, port: { number: APP_SERVICE_PORT } } } },
            ],
          },
        },
      ],
    },
  };
}
