/** Starts the model host on loopback (the default) and returns its URL and a close function. */
import { serve } from '@hono/node-server';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createApp, type HostOptions } from './app';
import { registryRescanner, scanRegistryAsync, type Registry } from './registry';

export const DEFAULT_PORT = 8765;
export const DEFAULT_HOSTNAME = '127.0.0.1';
/** The embedded bundles (the generated demo bundle). */
export const EMBEDDED_BUNDLES = join(import.meta.dirname, '../bundles');
/** Where `seem-host add` puts converted bundles; SEEM_MODELS overrides it. */
export const userModelsDir = (): string => process.env.SEEM_MODELS ?? join(homedir(), '.seem-cutout', 'models');

/** Listening failed because the port is taken: says which, and how to pick another. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** A listen error in words: EADDRINUSE names the port and the way to choose another (`how`). */
export const explainListenError = (error: unknown, what: string, hostname: string, port: number, how: string): Error => {
  if ((error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE') {
    return new PortInUseError(
      `${what}: port ${port} on ${hostname} is already in use (another model host or playground still running?) — stop it, or choose another port: ${how}`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
};

export interface RunningHost {
  url: string;
  port: number;
  registry: Registry;
  close(): Promise<void>;
}

export const startHostAsync = async (
  opts: Partial<Omit<HostOptions, 'registry'>> & { port?: number; hostname?: string; roots?: string[]; portHint?: string } = {},
): Promise<RunningHost> => {
  const roots = opts.roots ?? [EMBEDDED_BUNDLES, userModelsDir()];
  const registry = await scanRegistryAsync(roots);
  const app = createApp({ rescan: registryRescanner(registry, roots), ...opts, registry });
  const hostname = opts.hostname ?? DEFAULT_HOSTNAME;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? DEFAULT_PORT, hostname }, (info) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        port: info.port,
        registry,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    const port = opts.port ?? DEFAULT_PORT;
    server.once('error', (error) =>
      reject(explainListenError(error, 'model host', hostname, port, opts.portHint ?? '`seem-host serve --port <n>`, or MODEL_HOST_PORT=<n> npm start')),
    );
  });
};
