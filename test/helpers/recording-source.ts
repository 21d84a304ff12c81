/** A bundle source that records the name of every file a load reads (what a user would download). */
import type { BundleSource } from '../../contracts/bundle-source';

export const recording = (source: BundleSource, read: string[]): BundleSource => ({
  location: source.location,
  manifestAsync: () => source.manifestAsync(),
  fileAsync: (file, onProgress) => {
    read.push(file.name);
    return source.fileAsync(file, onProgress);
  },
});
