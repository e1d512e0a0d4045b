import { describe, expect, it } from 'vitest';
import { compareQuantities, parseQuantity, type Quantity } from './guardrails/quantities.js';
import { addQuantities, effectivePodRequest, effectivePodRequests, type ContainerRequestsLike } from './pod-requests.js';

const q = (s: string): Quantity => parseQuantity(s)!;
/** Asserts an exact equality of rationals (1/2 = 500/1000). */
const same = (actual: Quantity, expected: string) =>
  expect(compareQuantities(actual, q(expected)), `${actual.num}/${actual.den} vs ${expected}`).toBe(0);
const c = (cpu: string, memory: string, restartPolicy?: string): ContainerRequestsLike => ({
  ...(restartPolicy ? { restartPolicy } : {}),
  resources: { requests: { cpu, memory } },
});

describe('effective pod requests (the scheduler’s accounting, KEP-753 sidecars)', () => {
  it('sums the app containers, ignoring absent, unparsable and negative requests', () => {
    const r = effectivePodRequests({
      containers: [c('250m', '128Mi'), c('0.5', '256Mi'), {}, { resources: { requests: { cpu: 'lots', memory: '-1Gi' } } }],
    });
    same(r.cpu, '750m');
    same(r.memory, '384Mi');
    same(effectivePodRequest(undefined, 'cpu'), '0');
  });

  it('adds restartable init containers (sidecars) to the app containers', () => {
    const r = effectivePodRequests({
      initContainers: [c('100m', '64Mi', 'Always'), c('50m', '32Mi')],
      containers: [c('500m', '256Mi')],
    });
    // max(500m + 100m, 50m + 100m) = 600m; max(256Mi + 64Mi, 32Mi + 64Mi) = 320Mi
    same(r.cpu, '600m');
    same(r.memory, '320Mi');
  });

  it('takes an init container larger than the app, with only the sidecars declared before it', () => {
    const r = effectivePodRequests({
      initContainers: [c('200m', '100Mi', 'Always'), c('2', '1Gi'), c('300m', '50Mi', 'Always'), c('1', '2Gi')],
      containers: [c('100m', '10Mi')],
    });
    // cpu: app 100m + sidecars 500m = 600m; init #2: 2 + 200m = 2.2; init #4: 1 + 500m = 1.5 → 2.2
    same(r.cpu, '2200m');
    // memory: app 10Mi + 150Mi = 160Mi; init #2: 1Gi + 100Mi; init #4: 2Gi + 150Mi = 2198Mi → 2198Mi
    same(r.memory, '2198Mi');
  });

  it('adds the pod overhead after the maximum', () => {
    const r = effectivePodRequests({
      initContainers: [c('1', '512Mi')],
      containers: [c('250m', '1Gi')],
      overhead: { cpu: '10m', memory: '20Mi' },
    });
    same(r.cpu, '1010m');
    same(r.memory, '1044Mi');
  });

  it('uses pod-level requests instead of the containers for the resources they name (plus overhead)', () => {
    const r = effectivePodRequests({
      resources: { requests: { cpu: '3' } },
      containers: [c('1', '1Gi')],
      overhead: { cpu: '100m' },
    });
    same(r.cpu, '3100m');
    same(r.memory, '1Gi');
  });

  it('stays exact where floating point would not', () => {
    const r = effectivePodRequests({ containers: [c('0.1', '1'), c('0.2', '1'), c('1e-3', '1k')] });
    same(r.cpu, '301m');
    same(r.memory, '1002');
    same(addQuantities(q('1Gi'), q('1G')), '2073741824');
  });
});
