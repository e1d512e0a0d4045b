import { describe, expect, it } from 'vitest';
import { hostProblem, imageProblem, parseImage } from './images.js';

describe('image references', () => {
  it.each([
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25'],
    ['docker.io/library/nginx:1.25', 'docker.io', 'library/nginx', '1.25'],
    ['bitnami/nginx', 'docker.io', 'bitnami/nginx', null],
    ['ghcr.io/org/app:1', 'ghcr.io', 'org/app', '1'],
    ['localhost:5000/x', 'localhost:5000', 'x', null],
    ['registry.example.com:443/a/b/c@sha256:' + 'a'.repeat(64), 'registry.example.com:443', 'a/b/c', null],
  ])('%s is on %s', (image, registry, repository, tag) => {
    expect(parseImage(image)).toMatchObject({ registry, repository, tag });
  });

  it.each(['', 'not an image', 'UPPER/case', 'nginx:', 'a'.repeat(600)])('rejects %j', (image) => {
    expect(imageProblem(image)).not.toBeNull();
  });

  it('validates host names', () => {
    expect(hostProblem('web.local')).toBeNull();
    expect(hostProblem('Web.local')).not.toBeNull();
    expect(hostProblem('a..b')).not.toBeNull();
  });
});
