import { nodeEngineAsync } from '../helpers/node-engine';
import { engineScenario } from './scenario';

engineScenario('onnxruntime-node', () => nodeEngineAsync());
