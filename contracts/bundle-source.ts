/**
 * Where a bundle's files come from: the model host over HTTP (the plugin, the
 * playground; the browser's HTTP cache is the model cache), a static folder on any
 * HTTP(S) host such as the Hugging Face Hub (url-source.ts), or any other reader
 * (the filesystem in tests and in the model host itself).
 */
export interface BundleSource {
  /** A description for error messages, e.g. the URL. */
  readonly location: string;
  manifestAsync(): Promise<unknown>;
  /**
   * One file named in seem.json; `sha256` lets HTTP sources use content-addressed (immutable) URLs,
   * `bytes` (seem.json's size) lets them tell a download cut short from a complete one.
   */
  fileAsync(file: { name: string; sha256: string; bytes?: number }, onProgress?: (loaded: number, total: number, cached: boolean) => void): Promise<Uint8Array>;
}
