import { describe, expect, it } from 'vitest';
import { cidrInsideAny, cidrProblem, cidrRange } from './cidrs.js';

const BASELINE = ['10.0.0.0/8', '172.16.0.0/12', 'fd00::/8'];

describe('CIDRs', () => {
  it.each([
    ['10.1.0.0/16', true],
    ['10.0.0.0/8', true],
    ['10.255.255.255/32', true],
    ['10.0.0.0/7', false],
    ['8.8.8.8/32', false],
    ['172.31.0.0/16', true],
    ['172.32.0.0/16', false],
    ['0.0.0.0/0', false],
    ['fd12:3456::/32', true],
    ['fe80::/10', false],
    ['::ffff:10.1.2.3/128', true],
    ['::ffff:8.8.8.8/128', false],
    ['10.1.2.3', true],
  ])('%s inside the baseline: %s', (cidr, want) => {
    expect(cidrInsideAny(cidr, BASELINE)).toBe(want);
  });

  it('an empty baseline contains nothing', () => {
    expect(cidrInsideAny('10.0.0.0/32', [])).toBe(false);
  });

  it('normalises host bits away (10.1.2.3/8 is 10.0.0.0/8)', () => {
    expect(cidrRange('10.1.2.3/8')).toEqual(cidrRange('10.0.0.0/8'));
    expect(cidrRange('2001:db8::1/32').last).toBe(cidrRange('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff/32').last);
  });

  it.each(['10.0.0.0/33', '10.0.0/8', 'example.com/8', '10.0.0.0/8/1', '::/129', '', '10.0.0.0/-1'])('%j is refused', (entry) => {
    expect(cidrProblem(entry)).toMatch(/CIDR|prefix/);
    expect(() => cidrInsideAny(entry, BASELINE)).toThrow();
  });
});
