import { readFileSync } from 'node:fs';
import { buildOperatorDeployment, OPERATOR_HEALTH_PORT, OPERATOR_METRICS_PORT, resolvePlatformOptions } from '@kubeop/kube';
import { describe, expect, it } from 'vitest';

// The image is not built here (no Docker daemon is assumed); what it must agree with is pinned instead:
// the Deployment the bootstrap installs, the bundle tsup writes, and the repository's Node and pnpm.
const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');
const dockerfile = read('../Dockerfile');
const dockerignore = read('../../../.dockerignore');
const pkg = JSON.parse(read('../package.json')) as { bin: Record<string, string> };
const rootPkg = JSON.parse(read('../../../package.json')) as { packageManager: string };
const nodeVersion = read('../../../.node-version').trim();

interface Instruction {
  op: string;
  args: string;
}

/** The instructions of each stage (continuation lines joined, comments dropped), and the global ARGs. */
function parse(text: string): { args: Map<string, string>; stages: Instruction[][] } {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Instruction[][] = [];
  for (const line of lines) {
    const [, op, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!op || rest === undefined) throw new Error(`cannot read Dockerfile line: ${line}`);
    const ins = { op: op.toUpperCase(), args: rest.trim() };
    if (ins.op === 'FROM') stages.push([ins]);
    else if (stages.length === 0 && ins.op === 'ARG') {
      const [name, value = ''] = ins.args.split('=');
      args.set(name!, value);
    } else stages.at(-1)?.push(ins);
  }
  return { args, stages };
}

const { args, stages } = parse(dockerfile);
const runtime = stages.at(-1)!;
const all = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op).map((i) => i.args);

describe('apps/operator/Dockerfile', () => {
  it('builds on the repository Node and pnpm, in two stages', () => {
    expect(stages).toHaveLength(2);
    expect(args.get('NODE_VERSION')).toBe(nodeVersion);
    expect(rootPkg.packageManager).toBe(`pnpm@${args.get('PNPM_VERSION')}`);
    expect(stages[0]![0]!.args).toBe('node:${NODE_VERSION}-bookworm-slim AS build');
    // the runtime's Node has the same major
    expect(runtime[0]!.args).toBe('${RUNTIME_IMAGE} AS runtime');
    expect(args.get('RUNTIME_IMAGE')).toContain(`nodejs${nodeVersion.split('.')[0]}-`);
  });

  it('runs as the user the operator Deployment runs it as, non-root, in production mode', () => {
    const pod = buildOperatorDeployment(resolvePlatformOptions()).spec!.template.spec!;
    const sc = pod.securityContext!;
    expect(sc.runAsNonRoot).toBe(true);
    // numeric, so the kubelet can verify runAsNonRoot
    expect(all(runtime, 'USER')).toEqual([`${sc.runAsUser}:${sc.runAsGroup}`]);
    expect(sc.runAsUser).toBe(65532);
    expect(all(runtime, 'ENV')).toContain('NODE_ENV=production');
  });

  it('starts the bundle tsup writes (the package bin), with Node as the entrypoint and nothing else', () => {
    const entrypoint = JSON.parse(all(runtime, 'ENTRYPOINT')[0]!) as string[];
    expect(entrypoint[0]).toBe('/nodejs/bin/node');
    expect(entrypoint.at(-1)).toBe(`/app/${pkg.bin['kubeop-operator']!.replace(/^\.\//, '')}`);
    expect(all(runtime, 'CMD')).toEqual([]);
    // the runtime holds the deployed bundle and production dependencies only, no sources
    expect(all(runtime, 'COPY')).toEqual([
      '--from=build /out/package.json ./package.json',
      '--from=build /out/node_modules ./node_modules',
      '--from=build /out/dist ./dist',
    ]);
    expect(all(stages[0]!, 'RUN').join('\n')).toContain('pnpm --filter @kubeop/operator deploy --prod /out');
    const container = buildOperatorDeployment(resolvePlatformOptions()).spec!.template.spec!.containers[0]!;
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
  });

  it('exposes the ports the Deployment names', () => {
    expect(all(runtime, 'EXPOSE').join(' ').split(/\s+/).map(Number)).toEqual([OPERATOR_METRICS_PORT, OPERATOR_HEALTH_PORT]);
  });

  it('leaves installed and built files out of the build context', () => {
    const ignored = dockerignore.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.kubeop']));
  });
});
