/**
 * Headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core —
 * never a browser download. Background networking is off: this machine has no
 * network, and Chromium's own connections would only fail.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchChromiumAsync = async (opts: { webgpu?: boolean } = {}): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (CI: .ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(opts.webgpu ? ['--enable-unsafe-webgpu'] : []),
    ],
  });
};
