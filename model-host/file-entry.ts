/** sha256 in Node, and a bundle file's seem.json entry (name, size, sha256): what the converter, the demo bundle's
 * writer and the host's CLI compute, and contracts/bundle-files.ts checks. */
import { createHash } from 'node:crypto';
import type { FileEntry } from '../contracts/bundle-manifest';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const fileEntry = (name: string, bytes: Uint8Array): FileEntry => ({ name, bytes: bytes.length, sha256: sha256Hex(bytes) });
