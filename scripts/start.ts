// `npm start` (after `npm run build`): the model host on 127.0.0.1 with the embedded
// demo bundle, and the playground page, which hosts the real dist/ui.html in a
// sandboxed iframe next to a simulated Figma sandbox. PORT overrides the playground
// port, MODEL_HOST_PORT the host's.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { DEFAULT_PORT, EMBEDDED_BUNDLES, explainListenError, PortInUseError, startHostAsync, userModelsDir } from '../model-host/server/serve';
import { networkAccessCsp, withCspMeta, type NetworkAccess } from './network-csp';

const root = join(import.meta.dirname, '..');
const PHOTOS: Record<string, string> = {
  'astronaut.png': 'astronaut (NASA, public domain)',
  'chelsea.png': 'a cat (CC0)',
  'coffee.png': 'a cup of coffee (CC0)',
  'rocket.jpg': 'a rocket (public domain)',
  'horse.png': 'horse silhouette (CC0)',
};

export const manifestNetworkAccessAsync = async (): Promise<NetworkAccess> =>
  (JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as { networkAccess: NetworkAccess }).networkAccess;

/** The manifest's networkAccess with `urls` added to devAllowedDomains — what a team does for a host on another port. */
export const manifestAccessAllowingAsync = async (...urls: string[]): Promise<NetworkAccess> => {
  const access = await manifestNetworkAccessAsync();
  return { ...access, devAllowedDomains: [...(access.devAllowedDomains ?? []), ...urls] };
};

/**
 * `networkAccess` (default: manifest.json's) becomes the iframe's Content-Security-Policy, as in
 * Figma: a request to a domain it does not list fails here too. The playground is a development
 * plugin, so devAllowedDomains apply.
 */
export const startPlaygroundAsync = async (opts: { port: number; hostUrl: string; networkAccess?: NetworkAccess; uiHtml?: string }) => {
  const uiHtml = opts.uiHtml ?? join(root, 'dist/ui.html');
  const csp = networkAccessCsp(opts.networkAccess ?? (await manifestNetworkAccessAsync()), { dev: true });
  const bundle = await esbuild.build({
    entryPoints: [join(root, 'ui/playground/page.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    logLevel: 'warning',
  });
  const js = (bundle.outputFiles[0]?.text ?? '').replaceAll('</script', '<\\/script');
  const css = await readFile(join(root, 'ui/playground/playground.css'), 'utf8');
  const config = { photos: Object.entries(PHOTOS).map(([file, title]) => ({ file, title })), hostUrl: opts.hostUrl };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SEEM Cutout playground</title><style>${css}</style></head><body><div id="root"></div><script>window.PLAYGROUND=${JSON.stringify(config)};</script><script>${js}</script></body></html>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/ui.html') {
      readFile(uiHtml, 'utf8').then(
        (ui) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(withCspMeta(ui, csp)),
        (error: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${uiHtml}: ${String(error)} (npm run build)`),
      );
    } else if (path.startsWith('/photos/') && PHOTOS[path.slice(8)]) {
      res.writeHead(200, { 'Content-Type': path.endsWith('.jpg') ? 'image/jpeg' : 'image/png' });
      createReadStream(join(root, 'test/fixtures', path.slice(8))).pipe(res);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(explainListenError(error, 'playground', '127.0.0.1', opts.port, 'PORT=<n> npm start')));
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) };
};

const mainAsync = async (): Promise<void> => {
  const host = await startHostAsync({
    port: Number(process.env.MODEL_HOST_PORT ?? DEFAULT_PORT),
    roots: [EMBEDDED_BUNDLES, userModelsDir()],
    portHint: 'MODEL_HOST_PORT=<n> npm start',
  });
  // As a team would for Figma: a host moved off the manifest's port must be listed to be reachable.
  const access = await manifestNetworkAccessAsync();
  if (![...access.allowedDomains, ...(access.devAllowedDomains ?? [])].includes(host.url)) {
    console.log(`note: ${host.url} is not in manifest.json's networkAccess; the playground allows it as a devAllowedDomain (add it there for Figma).`);
  }
  const playground = await startPlaygroundAsync({
    port: Number(process.env.PORT ?? 8766),
    hostUrl: host.url,
    networkAccess: await manifestAccessAllowingAsync(host.url),
  }).catch(async (error: unknown) => {
    await host.close();
    throw error;
  });
  console.log(`
SEEM Cutout
  model host   ${host.url}  (${[...host.registry.bundles.keys()].join(', ')}; add converted SEEM bundles with \`npm run host -- add <dir>\`)
  playground   ${playground.url}  ← open this in a browser

Load the real plugin in Figma desktop: Plugins → Development → Import plugin from manifest… → ${join(root, 'manifest.json')}
(keep this running: the plugin loads its model from the host above). Ctrl+C stops both.
`);
};

if (process.argv[1]?.endsWith('start.ts')) {
  await mainAsync().catch((error: unknown) => {
    // A busy port is an everyday mistake: one line that says what to do, no stack trace.
    console.error(error instanceof PortInUseError ? `npm start: ${error.message}` : error);
    process.exit(1);
  });
}
