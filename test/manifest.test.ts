import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { DEFAULT_SETTINGS } from '../contracts/sandbox';
import { connectSources } from '../scripts/network-csp';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;

it('manifest.json has the fields Figma needs and names files that exist', () => {
  assert.equal(typeof manifest.name, 'string');
  assert.equal(typeof manifest.id, 'string');
  assert.equal(manifest.api, '1.0.0');
  assert.deepEqual(manifest.editorType, ['figma']);
  assert.equal(manifest.documentAccess, 'dynamic-page');
  for (const key of ['main', 'ui'] as const) {
    const file = manifest[key];
    assert.equal(typeof file, 'string');
    assert.ok(existsSync(join(root, file as string)), `${key}: ${String(file)} exists (run npm run build)`);
  }
  const net = manifest.networkAccess as { allowedDomains: string[]; devAllowedDomains: string[]; reasoning: string };
  assert.ok(net.allowedDomains.includes(DEFAULT_SETTINGS.modelHostUrl), 'the default model host is allowed');
  assert.ok(net.devAllowedDomains.includes(DEFAULT_SETTINGS.modelHostUrl));
  assert.ok(net.reasoning.length > 20);
  // Bundles from the Hugging Face Hub: the resolve URLs and the CDN they redirect to.
  for (const d of ['https://huggingface.co', 'https://*.hf.co', 'https://*.huggingface.co']) assert.ok(net.allowedDomains.includes(d), `${d} allowed`);
  assert.doesNotThrow(() => connectSources(net, { dev: true }), 'every entry is a domain pattern');
});

it('contracts/seem-bundle.json and the engine agree on the bundle format version and file names', async () => {
  const { BUNDLE_CONTRACT } = await import('../contracts/bundle-contract');
  const { FORMAT_VERSION, requiredFiles } = await import('../contracts/bundle-manifest');
  assert.equal(BUNDLE_CONTRACT.formatVersion, FORMAT_VERSION);
  assert.deepEqual(requiredFiles('split').sort(), [...BUNDLE_CONTRACT.files.common, BUNDLE_CONTRACT.files.decoder.split].sort());
  assert.equal(BUNDLE_CONTRACT.graphs.queryDecoder.file, BUNDLE_CONTRACT.files.decoder.split);
});
