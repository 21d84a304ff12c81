/** The UI end of the sandbox channel on its own: a port whose sandbox the test plays by hand. */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { DEFAULT_SETTINGS, type ToSandbox } from '../../contracts/sandbox';
import { REQUESTS, UI_GRACE_MS } from '../../contracts/sandbox-requests';
import { ChannelError, createSandboxChannel } from '../../ui/channel/sandbox-channel';

const handPort = () => {
  const sent: ToSandbox[] = [];
  let deliver: (data: unknown) => void = () => undefined;
  const invalid: Error[] = [];
  const channel = createSandboxChannel(
    {
      post: (msg) => sent.push(msg),
      listen: (handler) => {
        deliver = handler;
        return () => undefined;
      },
    },
    (e) => invalid.push(e),
  );
  return { channel, sent, invalid, reply: (data: unknown) => deliver(data) };
};

/** Lets promise callbacks run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('UI sandbox channel: requests', () => {
  afterEach(() => mock.timers.reset());

  it('a sandbox that never answers → rejected after its limit plus the grace period, not before; a late answer is dropped quietly', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { channel, sent, invalid, reply } = handPort();
    let settled: unknown = 'pending';
    const outcome = (): unknown => settled;
    channel.request('settings-set', { settings: DEFAULT_SETTINGS }).then(
      () => (settled = 'resolved'),
      (e: unknown) => (settled = e),
    );
    const limit = REQUESTS['settings-set'].timeoutMs + UI_GRACE_MS;
    mock.timers.tick(limit - 1);
    await flush();
    assert.equal(outcome(), 'pending');
    mock.timers.tick(1);
    await flush();
    const error = outcome();
    assert.ok(error instanceof ChannelError, String(error));
    assert.match(error.message, /did not answer "settings-set" within 15 s/);
    const requestId = sent[0]?.type === 'settings-set' ? sent[0].requestId : -1;
    reply({ type: 'settings', requestId, settings: DEFAULT_SETTINGS });
    assert.deepEqual(invalid, [], 'the late answer to an abandoned request is not an error');
  });

  it('an error reply rejects with its message; a reply of the wrong type rejects too', async () => {
    const { channel, sent, reply } = handPort();
    const failed = channel.request('apply', { nodeId: '1:2', imageHash: 'h', layers: [], clip: false });
    const mismatched = channel.request('settings-get', {});
    const [a, b] = sent.map((m) => ('requestId' in m ? m.requestId : -1));
    reply({ type: 'error', requestId: a, message: 'The image layer no longer exists.' });
    reply({ type: 'apply-done', requestId: b, groupId: 'g', layerIds: [] });
    await assert.rejects(failed, (e: unknown) => e instanceof ChannelError && e.message === 'The image layer no longer exists.');
    await assert.rejects(mismatched, /"settings-get" was answered with "apply-done"/);
  });

  it('a reply to no request, or a malformed message, is reported, not ignored', () => {
    const { invalid, reply } = handPort();
    reply({ type: 'settings', requestId: 99, settings: DEFAULT_SETTINGS });
    reply({ type: 'settings', requestId: 'one' });
    assert.equal(invalid.length, 2);
    assert.match(invalid[0]?.message ?? '', /unknown request 99/);
    assert.match(invalid[1]?.message ?? '', /requestId/);
  });
});
