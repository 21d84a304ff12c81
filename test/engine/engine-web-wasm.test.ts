import { webWasmEngineAsync } from '../helpers/node-engine';
import { engineScenario } from './scenario';

engineScenario("onnxruntime-web's wasm build", () => webWasmEngineAsync());
