import { describe, expect, it } from 'vitest';
import { ACCESS } from './access.js';
import { appRouter } from './root.js';

describe('the access table', () => {
  it('has exactly one entry for every procedure of the router', () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(ACCESS).sort()).toEqual(procedures);
  });
});
