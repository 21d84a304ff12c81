/** An engine request that cannot be served as asked (unknown image, missing output, bad prompt). */
export class EngineError extends Error {
  override name = 'EngineError';
}
