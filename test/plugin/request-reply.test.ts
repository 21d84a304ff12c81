/**
 * The sandbox ↔ UI request/reply layer end to end: the built dist/plugin.js on the strict
 * Figma fake, talking to the UI's real channel (ui/channel). Every request settles: with
 * its reply, with the sandbox's error, or with a timeout — never by waiting forever.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { DEFAULT_SETTINGS, type ToUi } from '../../contracts/sandbox';
import { answerRequestAsync, REQUESTS } from '../../contracts/sandbox-requests';
import { ChannelError, createSandboxChannel, type SandboxChannel } from '../../ui/channel/sandbox-channel';
import { CLIENT_STORAGE_QUOTA, type FigmaFake } from '../figma-fake/figma';
import { loadBuiltPlugin, settle } from '../figma-fake/load-plugin';

/** The UI's channel wired to the built plugin, as Figma wires the iframe to the sandbox. */
const connect = (fake: FigmaFake): { channel: SandboxChannel; invalid: Error[] } => {
  const invalid: Error[] = [];
  const channel = createSandboxChannel({ post: (msg) => fake.sendFromUi(msg), listen: (handler) => fake.onUiMessage(handler) }, (e) => invalid.push(e));
  return { channel, invalid };
};

const saved = { ...DEFAULT_SETTINGS, modelHostUrl: 'http://127.0.0.1:9999', refineEdges: false };

describe('sandbox ↔ UI requests (built plugin)', () => {
  afterEach(() => mock.timers.reset());

  it('settings-set then settings-get: each request resolves with its own reply', async () => {
    const fake = loadBuiltPlugin();
    const { channel, invalid } = connect(fake);
    assert.deepEqual((await channel.request('settings-set', { settings: saved })).settings, saved);
    assert.deepEqual((await channel.request('settings-get', {})).settings, saved);
    assert.deepEqual(invalid, []);
  });

  it('a settings save that throws (storage quota used up) → an error reply: the UI request rejects with the reason', async () => {
    const fake = loadBuiltPlugin();
    fake.storage.set('filler', 'x'.repeat(CLIENT_STORAGE_QUOTA));
    const { channel } = connect(fake);
    await assert.rejects(channel.request('settings-set', { settings: saved }), (e: unknown) => e instanceof ChannelError && /quota is used up/.test(e.message));
    const errors = fake.toUi.filter((m): m is Extract<ToUi, { type: 'error' }> => (m as ToUi).type === 'error');
    assert.equal(errors.length, 1, 'answered exactly once');
    assert.match(fake.notifications.at(-1)?.message ?? '', /quota is used up/);
  });

  it('a handler that never finishes → the sandbox answers with a timeout error at its limit, before the UI gives up', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const fake = loadBuiltPlugin();
    // clientStorage that never answers (as when Figma's storage is stuck).
    fake.api.clientStorage.getAsync = () => new Promise<never>(() => undefined);
    const { channel } = connect(fake);
    let settled: unknown = 'pending';
    // Read through a function: the assertions below would otherwise narrow the variable for good.
    const outcome = (): unknown => settled;
    channel.request('settings-get', {}).then(
      () => (settled = 'resolved'),
      (e: unknown) => (settled = e),
    );
    await settle();
    mock.timers.tick(REQUESTS['settings-get'].timeoutMs - 1);
    await settle();
    assert.equal(outcome(), 'pending', 'still within the limit');
    mock.timers.tick(1);
    await settle();
    const error = outcome();
    assert.ok(error instanceof ChannelError, String(error));
    assert.match(error.message, /"settings-get" did not finish within 10 s/);
  });
});

describe('answerRequestAsync (the sandbox end)', () => {
  afterEach(() => mock.timers.reset());
  const request = { type: 'settings-get', requestId: 4 } as const;

  it('posts exactly one answer: the reply, or the error, never both', async () => {
    const posted: ToUi[] = [];
    assert.equal(
      await answerRequestAsync(
        request,
        () => Promise.resolve({ settings: DEFAULT_SETTINGS }),
        (m) => posted.push(m),
      ),
      null,
    );
    const failure = await answerRequestAsync(
      request,
      () => Promise.reject(new Error('disk on fire')),
      (m) => posted.push(m),
    );
    assert.equal(failure?.message, 'disk on fire');
    assert.deepEqual(posted, [
      { type: 'settings', requestId: 4, settings: DEFAULT_SETTINGS },
      { type: 'error', requestId: 4, message: 'disk on fire' },
    ]);
  });

  it('a reply that breaks the protocol becomes an error reply (checked before it is posted)', async () => {
    const posted: ToUi[] = [];
    const bad = { settings: { ...DEFAULT_SETTINGS, backend: 'cuda' } } as unknown as { settings: typeof DEFAULT_SETTINGS };
    await answerRequestAsync(
      request,
      () => Promise.resolve(bad),
      (m) => posted.push(m),
    );
    assert.equal(posted.length, 1);
    assert.equal(posted[0]?.type, 'error');
    assert.match(posted[0]?.type === 'error' ? posted[0].message : '', /backend/);
  });

  it('a handler finishing after its timeout is not answered twice', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const posted: ToUi[] = [];
    let finish = (): void => undefined;
    const answered = answerRequestAsync(
      request,
      () => new Promise((resolve) => (finish = () => resolve({ settings: DEFAULT_SETTINGS }))),
      (m) => posted.push(m),
    );
    mock.timers.tick(REQUESTS['settings-get'].timeoutMs);
    await answered;
    finish();
    await settle();
    assert.deepEqual(
      posted.map((m) => m.type),
      ['error'],
    );
  });
});
