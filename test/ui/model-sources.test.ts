/** Adding, selecting and removing model sources in Settings. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../contracts/sandbox';
import { addModelSource, MAX_MODEL_SOURCES, removeModelSource, selectModelSource } from '../../ui/state/model-sources';

const HUB = 'https://huggingface.co/org/seem/resolve/main/';

describe('model sources', () => {
  it('adding normalises the URL, selects it, and does not duplicate', () => {
    const r = addModelSource(DEFAULT_SETTINGS, 'https://huggingface.co/org/seem/resolve/main');
    assert.ok('settings' in r);
    assert.deepEqual(r.settings.modelSources, [HUB]);
    assert.equal(r.settings.modelSource, HUB);
    const again = addModelSource(r.settings, `${HUB}seem.json`);
    assert.ok('settings' in again);
    assert.deepEqual(again.settings.modelSources, [HUB]);
  });

  it('a bad URL or a full list is a message and changes nothing', () => {
    const bad = addModelSource(DEFAULT_SETTINGS, 'hf://org/seem');
    assert.ok('error' in bad && /not a URL|http\(s\)/.test(bad.error));
    const full = { ...DEFAULT_SETTINGS, modelSources: Array.from({ length: MAX_MODEL_SOURCES }, (_, i) => `https://h.example/${i}/`) };
    const r = addModelSource(full, 'https://h.example/new/');
    assert.ok('error' in r && /at most/.test(r.error));
  });

  it('removing the source in use goes back to the model host; removing another keeps the choice', () => {
    const two = { ...DEFAULT_SETTINGS, modelSources: [HUB, 'https://cdn.example/b/'], modelSource: HUB };
    const a = removeModelSource(two, HUB);
    assert.equal(a.modelSource, undefined);
    assert.deepEqual(a.modelSources, ['https://cdn.example/b/']);
    const b = removeModelSource(two, 'https://cdn.example/b/');
    assert.equal(b.modelSource, HUB);
  });

  it('selecting null is the model host', () => {
    assert.equal('modelSource' in selectModelSource({ ...DEFAULT_SETTINGS, modelSource: HUB }, null), false);
    assert.equal(selectModelSource(DEFAULT_SETTINGS, HUB).modelSource, HUB);
  });
});
