/** A running host serves a bundle copied into its models folder afterwards (`seem-host add`), without a restart. */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_BUNDLE_ID } from '../../model-host/fixture-bundle/write-bundle';
import { encoderModelName } from '../../contracts/host-api';
import { startHostAsync, type RunningHost } from '../../model-host/server/serve';
import { DEMO_DIR, ensureDemoBundleAsync } from '../helpers/node-engine';

let models: string;
let host: RunningHost;

before(async () => {
  await ensureDemoBundleAsync();
  models = await mkdtemp(join(tmpdir(), 'seem-models-'));
  host = await startHostAsync({ port: 0, roots: [models] });
});
after(async () => {
  await host?.close();
  await rm(models, { recursive: true, force: true });
});

const ids = async (): Promise<string[]> => ((await (await fetch(`${host.url}/v1/models`)).json()) as { models: { id: string }[] }).models.map((m) => m.id);

describe('model host: models folder rescan', () => {
  it('a bundle added while the host runs is listed and served', async () => {
    assert.deepEqual(await ids(), []);
    await cp(DEMO_DIR, join(models, DEMO_BUNDLE_ID), { recursive: true });
    // Asked for by id right away (the UI loading it): an unknown id rescans before answering 404.
    const manifest = await fetch(`${host.url}/v1/models/${DEMO_BUNDLE_ID}/seem.json`);
    assert.equal(manifest.status, 200);
    assert.deepEqual(await ids(), [DEMO_BUNDLE_ID]);
    assert.equal((await fetch(`${host.url}/v2/models/${encoderModelName(DEMO_BUNDLE_ID)}/ready`)).status, 200);
  });

  it('an id that is still unknown after the rescan is a 404 naming it', async () => {
    const r = await fetch(`${host.url}/v1/models/nope/seem.json`);
    assert.equal(r.status, 404);
    assert.deepEqual(await r.json(), { error: 'unknown model "nope"' });
  });
});
