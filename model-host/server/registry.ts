/**
 * The bundles the host serves: every folder with a seem.json under the given
 * roots (the embedded demo bundle, the user's models directory). A folder whose
 * seem.json does not parse is skipped with its reason (listed by `seem-host list`).
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { parseManifest, type BundleManifest } from '../../contracts/bundle-manifest';

export interface BundleEntry {
  id: string;
  dir: string;
  manifest: BundleManifest;
  manifestBytes: Uint8Array<ArrayBuffer>;
}

export interface Registry {
  bundles: Map<string, BundleEntry>;
  skipped: { dir: string; reason: string }[];
}

export const readBundleDirAsync = async (dir: string): Promise<BundleEntry> => {
  const manifestBytes = new Uint8Array(await readFile(join(dir, 'seem.json')));
  const manifest = parseManifest(JSON.parse(new TextDecoder().decode(manifestBytes)) as unknown);
  return { id: manifest.model.id, dir: await realpath(dir), manifest, manifestBytes };
};

export const scanRegistryAsync = async (roots: readonly string[]): Promise<Registry> => {
  const registry: Registry = { bundles: new Map(), skipped: [] };
  for (const root of roots) {
    let names: string[];
    try {
      names = await readdir(root);
    } catch {
      continue; // a models directory that does not exist yet holds no bundles
    }
    for (const name of names.sort()) {
      const dir = join(root, name);
      if (!(await stat(dir)).isDirectory()) continue;
      try {
        await stat(join(dir, 'seem.json'));
      } catch {
        continue;
      }
      try {
        const entry = await readBundleDirAsync(dir);
        // Later roots (the user's models) override earlier ones (the embedded demo).
        registry.bundles.set(entry.id, entry);
      } catch (error) {
        registry.skipped.push({ dir, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return registry;
};

/** The real path of a bundle file, or null if it is not a regular file inside the bundle (symlinks out are refused). */
export const resolveBundleFileAsync = async (entry: BundleEntry, name: string): Promise<string | null> => {
  if (!entry.manifest.files.some((f) => f.name === name)) return null;
  try {
    const real = await realpath(join(entry.dir, name));
    if (!real.startsWith(entry.dir + sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
};

/**
 * Rescans the roots into `registry` (in place, so a running host sees bundles added with `seem-host add`
 * without a restart). Concurrent calls share one scan. Callers rescan only to list models or for an id they
 * do not know, both rare next to file requests, so a directory walk each time costs nothing that matters.
 */
export const registryRescanner = (registry: Registry, roots: readonly string[]): (() => Promise<void>) => {
  let running: Promise<void> | null = null;
  return () =>
    (running ??= scanRegistryAsync(roots)
      .then((fresh) => {
        registry.bundles = fresh.bundles;
        registry.skipped = fresh.skipped;
      })
      .finally(() => {
        running = null;
      }));
};
