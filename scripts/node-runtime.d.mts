// Types of node-runtime.mjs, for the TypeScript tools that import it (tooling/stack).
import type { SpawnOptions } from 'node:child_process';

export declare const MIN_SUPPORTED: [number, number];
export declare const pinnedVersion: string;
export declare function cacheRoot(): string;
export declare function isSupported(version: string): boolean;
export declare function ensurePinnedNode(): { bin: string; fetched: boolean };
export declare function envFor(bin: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function describe(bin?: string, version?: string): string;
export declare function runForwardingSignals(cmd: string, args: string[], options?: SpawnOptions): Promise<number>;
export declare function useSupportedNode(opts?: { log?: (line: string) => void }): Promise<void>;
