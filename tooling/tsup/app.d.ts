import type { Options } from 'tsup';

export declare function appBundle(configUrl: string): Options;
