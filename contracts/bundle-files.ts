/**
 * A bundle file checked against its seem.json entry: the one check both the engine's loader (every
 * file it downloads) and the host's `seem-host verify` / `add` run. The caller passes its sha256
 * (crypto.subtle in browsers and workers, node:crypto on the host), which keeps this module pure.
 */
import type { FileEntry } from './bundle-manifest';

/** Hex-encoded SHA-256 of `bytes`. */
export type Sha256Hex = (bytes: Uint8Array) => Promise<string> | string;

/**
 * The problem with `bytes` as the file `entry` describes, or null when its size and sha256 match.
 * The size is compared first: a download cut short is named as such, without hashing it.
 */
export const fileProblemAsync = async (entry: FileEntry, bytes: Uint8Array, sha256: Sha256Hex): Promise<string | null> => {
  if (bytes.length !== entry.bytes) return `${entry.name}: ${bytes.length} bytes, seem.json says ${entry.bytes} — the bundle is incomplete or altered`;
  const digest = await sha256(bytes);
  if (digest !== entry.sha256) return `${entry.name}: sha256 ${digest} does not match seem.json (${entry.sha256}) — the file is corrupt or was tampered with`;
  return null;
};
