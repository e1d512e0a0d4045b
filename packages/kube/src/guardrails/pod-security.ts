/**
 * Rule (d): the baseline Pod Security Standard, as far as kubeOP enforces it in tenant namespaces:
 * no host namespaces (hostNetwork/hostPID/hostIPC), no hostPath volumes, no privileged containers,
 * no `allowPrivilegeEscalation: true`, no capabilities added beyond the baseline set, no hostPort.
 * Every container kind counts (containers, init containers, ephemeral containers).
 */
import { containersOf, isRecord, type FoundPodSpec } from './pod-specs.js';
import type { Violation } from './violations.js';

/** Capabilities the baseline standard lets a container add (pod-security.kubernetes.io, baseline). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability to the runtime. */
function capabilityName(raw: string): string {
  return raw.toUpperCase().replace(/^CAP_/, '');
}

const violation = (path: string, message: string, value?: unknown): Violation => ({
  rule: 'pod-security',
  path,
  message,
  ...(value !== undefined ? { value: JSON.stringify(value) } : {}),
});

/** Every baseline violation of a pod spec. */
export function podSecurityViolations(found: FoundPodSpec): Violation[] {
  const out: Violation[] = [];
  const { spec, path } = found;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true) out.push(violation(`${path}.${field}`, 'host namespaces are not allowed'));
  }
  if (Array.isArray(spec.volumes)) {
    spec.volumes.forEach((v: unknown, i) => {
      if (isRecord(v) && v.hostPath !== undefined && v.hostPath !== null) {
        out.push(violation(`${path}.volumes[${i}].hostPath`, 'hostPath volumes are not allowed', v.hostPath));
      }
    });
  }
  for (const { path: cpath, container } of containersOf(found)) {
    const sc = isRecord(container.securityContext) ? container.securityContext : {};
    if (sc.privileged === true) out.push(violation(`${cpath}.securityContext.privileged`, 'privileged containers are not allowed'));
    if (sc.allowPrivilegeEscalation === true) {
      out.push(violation(`${cpath}.securityContext.allowPrivilegeEscalation`, 'privilege escalation is not allowed'));
    }
    const add = isRecord(sc.capabilities) ? sc.capabilities.add : undefined;
    if (Array.isArray(add)) {
      add.forEach((cap: unknown, i) => {
        if (typeof cap !== 'string' || !BASELINE_CAPABILITIES.has(capabilityName(cap))) {
          out.push(
            violation(
              `${cpath}.securityContext.capabilities.add[${i}]`,
              `capability ${typeof cap === 'string' ? cap.slice(0, 64) : String(cap)} is beyond the baseline set`,
            ),
          );
        }
      });
    }
    if (Array.isArray(container.ports)) {
      container.ports.forEach((p: unknown, i) => {
        if (isRecord(p) && p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) {
          out.push(violation(`${cpath}.ports[${i}].hostPort`, 'host ports are not allowed', p.hostPort));
        }
      });
    }
  }
  return out;
}
