/**
 * Settings → the engine worker's init request: where the bundle comes from (the model
 * host, or a static folder such as a Hugging Face Hub repo) and where onnxruntime's wasm
 * comes from (inlined in ui.html when it is there, else the model host).
 */
import type { Settings } from '../../plugin/protocol/messages';
import type { ToWorker } from './worker/protocol';

export type InitRequest = Omit<Extract<ToWorker, { type: 'init' }>, 'id' | 'type'>;

/** The wasm build the worker's `onnxruntime-web` import loads (WASM and WebGPU EPs); the host serves it under /v1/runtime/. */
export const WASM_FILE = 'ort-wasm-simd-threaded.jsep.wasm';

export const initRequest = (settings: Settings, inlinedWasm: Uint8Array | null): InitRequest => {
  const host = settings.modelHostUrl.replace(/\/+$/, '');
  const backend = settings.backend;
  const remote = backend === 'remote-encoder';
  return {
    host,
    modelId: settings.bundleId,
    ...(settings.modelSource ? { bundleUrl: settings.modelSource } : {}),
    backend: backend === 'remote-encoder' ? 'auto' : backend,
    ...(inlinedWasm ? { wasmBinary: inlinedWasm } : { wasmUrl: `${host}/v1/runtime/${WASM_FILE}` }),
    allowFallbackAdapter: false,
    encoder: remote ? 'remote' : 'local',
  };
};
