/**
 * Settings → the engine worker's init request: where the bundle comes from (the model
 * host, or a static folder such as a Hugging Face Hub repo) and where onnxruntime's wasm
 * comes from (inlined in ui.html; else beside the bundle or on the host, checked against ui.html's sha256).
 */
import type { Settings } from '../../contracts/sandbox';
import { folderRuntimeUrl, hostUrl, RUNTIME_WASM } from '../../contracts/host-routes';
import { bundleBaseUrl } from './bundle/url-source';
import type { InlinedRuntime } from './inlined-runtime';
import type { ToWorker } from '../../contracts/worker';

export type InitRequest = Omit<Extract<ToWorker, { type: 'init' }>, 'id' | 'type'>;

/**
 * Where the wasm comes from when ui.html does not inline it (the default build; --inline-wasm inlines it): beside the bundle,
 * under the onnxruntime-web version (one folder can serve several plugin releases), else the host.
 */
export const wasmUrlFor = (settings: Settings, version: string | null): string =>
  settings.modelSource && version !== null
    ? folderRuntimeUrl(bundleBaseUrl(settings.modelSource), version)
    : hostUrl(settings.modelHostUrl, 'runtimeFile', { name: RUNTIME_WASM });

export const initRequest = (settings: Settings, runtime: InlinedRuntime | null): InitRequest => {
  const host = settings.modelHostUrl.replace(/\/+$/, '');
  const backend = settings.backend;
  const remote = backend === 'remote-encoder';
  return {
    host,
    modelId: settings.bundleId,
    ...(settings.modelSource ? { bundleUrl: settings.modelSource } : {}),
    backend: backend === 'remote-encoder' ? 'auto' : backend,
    ...(settings.precision && settings.precision !== 'auto' ? { precision: settings.precision } : {}),
    ...(runtime?.wasm ? { wasmBinary: runtime.wasm } : { wasmUrl: wasmUrlFor(settings, runtime?.version ?? null) }),
    ...(runtime ? { wasmSha256: runtime.sha256 } : {}),
    allowFallbackAdapter: false,
    encoder: remote ? 'remote' : 'local',
  };
};
