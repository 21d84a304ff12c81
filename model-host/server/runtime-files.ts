/**
 * onnxruntime-web's wasm, served to the plugin UI by the host: the plugin cannot
 * ship extra files (Figma loads one HTML string) and must never fetch from a CDN.
 * Only the files of the installed onnxruntime-web version are reachable.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RUNTIME_FILES } from '../../contracts/host-routes';
import { sha256Hex } from '../file-entry';

const require = createRequire(import.meta.url);

export const ortWebDist = (): string => dirname(require.resolve('onnxruntime-web'));

export interface RuntimeFile {
  path: string;
  sha256: string;
}

const cache = new Map<string, Promise<RuntimeFile>>();

export const runtimeFileAsync = (name: string): Promise<RuntimeFile> | null => {
  if (!(RUNTIME_FILES as readonly string[]).includes(name)) return null;
  let hit = cache.get(name);
  if (!hit) {
    const path = join(ortWebDist(), name);
    hit = readFile(path).then((bytes) => ({ path, sha256: sha256Hex(bytes) }));
    cache.set(name, hit);
  }
  return hit;
};
