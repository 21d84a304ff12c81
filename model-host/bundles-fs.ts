/** A bundle read from a folder on disk (the model host, the tests). Only files named in seem.json are read. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPlainFileName } from '../contracts/bundle-manifest';
import type { BundleSource } from '../contracts/bundle-source';

export const fsBundleSource = (dir: string): BundleSource => ({
  location: dir,
  manifestAsync: async () => JSON.parse(await readFile(join(dir, 'seem.json'), 'utf8')) as unknown,
  fileAsync: async ({ name }) => {
    if (!isPlainFileName(name)) throw new Error(`refusing file name "${name}"`);
    return new Uint8Array(await readFile(join(dir, name)));
  },
});
