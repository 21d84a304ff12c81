/**
 * Starts the engine worker from its embedded source. Figma's plugin iframe can
 * load no second file and refuses blob: workers ("Not allowed to load local
 * resource: blob:null/…"), so the worker starts from a data: URL.
 */
import workerSource from 'virtual:engine-worker';

export const startEngineWorker = (): Worker => {
  const bytes = new TextEncoder().encode(workerSource);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return new Worker(`data:text/javascript;base64,${btoa(binary)}`);
};
