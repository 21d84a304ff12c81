/** The manifest's networkAccess → the playground iframe's Content-Security-Policy. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectSources, networkAccessCsp, withCspMeta } from '../../scripts/network-csp';

describe('networkAccess as a Content-Security-Policy', () => {
  it('allowedDomains always, devAllowedDomains only for a development plugin, no duplicates', () => {
    const access = { allowedDomains: ['https://huggingface.co', '*.hf.co'], devAllowedDomains: ['http://127.0.0.1:8765', 'https://huggingface.co'] };
    assert.deepEqual(connectSources(access, { dev: false }), ['https://huggingface.co', '*.hf.co']);
    assert.deepEqual(connectSources(access, { dev: true }), ['https://huggingface.co', '*.hf.co', 'http://127.0.0.1:8765']);
    assert.match(networkAccessCsp(access, { dev: false }), /connect-src https:\/\/huggingface\.co \*\.hf\.co(;|$)/);
  });

  it('"none" blocks everything; bad entries are named', () => {
    assert.match(networkAccessCsp({ allowedDomains: ['none'] }, { dev: true }), /connect-src 'none'/);
    assert.throws(() => connectSources({ allowedDomains: ['none', 'https://a.com'] }, { dev: false }), /allowedDomains: "none" must be the only entry/);
    assert.throws(
      () => connectSources({ allowedDomains: ["https://a.com; script-src 'none'"] }, { dev: false }),
      /allowedDomains: ".*" is not a domain pattern/,
    );
  });

  it('puts the policy first in <head>, before any script', () => {
    const html = withCspMeta('<!doctype html><html><head><title>x</title></head><body><script>1</script></body></html>', "connect-src 'none'");
    assert.ok(html.indexOf('http-equiv="Content-Security-Policy"') < html.indexOf('<title>'));
    assert.throws(() => withCspMeta('<p>no head</p>', "connect-src 'none'"), /no <head>/);
  });
});
