/** The iframe entry: connects to the sandbox and renders the app. */
import { render } from 'preact';
import { createSandboxChannel, figmaPort } from './channel/sandbox-channel';
import { App } from './app';

const root = document.getElementById('root');
if (!root) throw new Error('SEEM Cutout UI: #root is missing from ui.html');

let channelError: string | null = null;
const channel = createSandboxChannel(figmaPort(window), (error) => {
  // A malformed message from the sandbox is a bug: show it, never drop it silently.
  console.error(error);
  channelError = `Internal error: ${error.message}`;
  render(<App channel={channel} channelError={channelError} />, root);
});
render(<App channel={channel} channelError={channelError} />, root);
