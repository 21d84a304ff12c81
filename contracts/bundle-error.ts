/** A bundle that cannot be used as it is: the message names the file and the problem. */
export class BundleError extends Error {
  override name = 'BundleError';
}
