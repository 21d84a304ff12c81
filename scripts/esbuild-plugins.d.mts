import type { Plugin } from 'esbuild';

export declare const workerSourcePlugin: (getSource: () => string | Promise<string>, watchFile?: string) => Plugin;
