/** The text encoder runs once per text: the same words on another image, or asked again, reuse its answer. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { countingEngineAsync } from '../helpers/counting-engine';
import { colourScene } from '../helpers/scene';

it('one text encoder run per text, whatever the image; another text runs it again', async () => {
  const { engine, runs: textRuns } = await countingEngineAsync((b) => b.text);
  const { image } = colourScene();
  await engine.encodeImageAsync('a', image);
  await engine.encodeImageAsync('b', image);
  const first = await engine.decodeAsync('a', [{ text: 'red' }]);
  const again = await engine.decodeAsync('b', [{ text: ' red ' }]);
  assert.equal(textRuns(), 1);
  assert.ok(first.status === 'done' && again.status === 'done');
  assert.deepEqual(first.value[0]?.mask.data, again.value[0]?.mask.data, 'the same image content and text: the same answer');
  await engine.decodeAsync('a', [{ text: 'blue' }]);
  assert.equal(textRuns(), 2);
});
