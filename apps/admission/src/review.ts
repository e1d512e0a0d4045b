/**
 * AdmissionReview (`admission.k8s.io/v1`) in and out. A payload that is not a usable review is
 * refused without a crash: as HTTP 400 when there is no uid to answer to, else as a review that
 * denies with code 400 (the API server shows the message to the client).
 */
import type { AdmissionRequest, JsonPatchOperation } from '@kubeop/kube';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
/** Larger bodies are refused unread (the API server caps objects at about 1.5 MiB each; a review carries two). */
export const MAX_REVIEW_BYTES = 3 * 1024 * 1024;

export interface ReviewResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  patchType?: 'JSONPatch';
  patch?: string;
}

export interface AdmissionReviewOut {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: ReviewResponse;
}

export type ParsedReview = { ok: true; request: AdmissionRequest } | { ok: false; message: string; uid?: string };

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Parses and checks a review's body; never throws. */
export function parseReview(body: string): ParsedReview {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { ok: false, message: 'the body is not JSON' };
  }
  if (!isObject(doc)) return { ok: false, message: 'the body is not a JSON object' };
  if (doc.apiVersion !== ADMISSION_API_VERSION || doc.kind !== 'AdmissionReview') {
    return { ok: false, message: `expected an AdmissionReview of ${ADMISSION_API_VERSION}` };
  }
  const r = doc.request;
  if (!isObject(r)) return { ok: false, message: 'the AdmissionReview has no request' };
  if (!isString(r.uid) || r.uid.length === 0 || r.uid.length > 128) return { ok: false, message: 'the request has no uid' };
  const uid = r.uid;
  const kind = r.kind;
  if (!isObject(kind) || !isString(kind.group) || !isString(kind.version) || !isString(kind.kind)) {
    return { ok: false, uid, message: 'request.kind must name a group, version and kind' };
  }
  if (!isString(r.operation) || !OPERATIONS.has(r.operation))
    return { ok: false, uid, message: 'request.operation is not one of CREATE, UPDATE, DELETE, CONNECT' };
  const userInfo = isObject(r.userInfo) ? r.userInfo : {};
  const groups = Array.isArray(userInfo.groups) ? userInfo.groups.filter(isString) : [];
  const request: AdmissionRequest = {
    uid,
    kind: { group: kind.group, version: kind.version, kind: kind.kind },
    operation: r.operation as AdmissionRequest['operation'],
    userInfo: { ...(isString(userInfo.username) ? { username: userInfo.username } : {}), groups },
    object: r.object ?? undefined,
    oldObject: r.oldObject ?? undefined,
  };
  if (isString(r.namespace) && r.namespace) request.namespace = r.namespace;
  if (isString(r.name) && r.name) request.name = r.name;
  if (isString(r.subResource) && r.subResource) request.subResource = r.subResource;
  if (r.dryRun === true) request.dryRun = true;
  if (r.object !== undefined && r.object !== null && !isObject(r.object))
    return { ok: false, uid, message: 'request.object is not an object' };
  return { ok: true, request };
}

export function review(response: ReviewResponse): AdmissionReviewOut {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

export function allow(uid: string, patch?: JsonPatchOperation[] | null): AdmissionReviewOut {
  if (!patch?.length) return review({ uid, allowed: true });
  return review({ uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') });
}

export function deny(uid: string, message: string, code = 403): AdmissionReviewOut {
  return review({ uid, allowed: false, status: { code, reason: code === 400 ? 'BadRequest' : 'Forbidden', message } });
}
