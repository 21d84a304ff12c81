import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseToSandbox, parseToUi } from '../../contracts/sandbox';

const layer = {
  category: 'cat',
  score: 0.9,
  color: { r: 1, g: 0, b: 0, a: 0.5 },
  path: { windingRule: 'EVENODD', data: 'M 0 0 L 1 0 L 1 1 Z' },
};

describe('sandbox↔UI protocol', () => {
  it('accepts well-formed messages and keeps their types', () => {
    const msg = parseToSandbox({ type: 'apply', requestId: 3, nodeId: '1:2', imageHash: 'h', layers: [layer], clip: true });
    assert.equal(msg.type, 'apply');
    assert.equal(parseToUi({ type: 'error', requestId: 1, message: 'x' }).type, 'error');
  });

  it('fails loudly, naming the field, on unknown or malformed messages', () => {
    assert.throws(() => parseToSandbox({ type: 'frobnicate' }), /unknown ui→sandbox message type "frobnicate"/);
    assert.throws(() => parseToSandbox('apply'), /expected ui→sandbox message object/);
    assert.throws(() => parseToSandbox({ type: 'apply', requestId: 1.5 }), /requestId: expected integer/);
    assert.throws(
      () => parseToSandbox({ type: 'apply', requestId: 1, nodeId: '1', imageHash: 'h', layers: [{ ...layer, score: Number.NaN }], clip: false }),
      /layers\[0\]\.score: expected finite number/,
    );
    assert.throws(() => parseToSandbox({ type: 'ui-ready', extra: 1 }), /unexpected field "extra"/);
    assert.throws(() => parseToUi({ type: 'image', seq: 1, image: {} }), /image\.nodeId/);
  });
});
