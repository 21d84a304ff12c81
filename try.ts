import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
ort.env.wasm.numThreads = 1;
const s = await ort.InferenceSession.create(readFileSync('model-host/bundles/seem-demo-colour/image_encoder.onnx'), { executionProviders: ['wasm'] });
console.log(s.inputNames, s.outputNames);
const r = await s.run({ image: new ort.Tensor('float32', new Float32Array(3*64*64).fill(100), [1,3,64,64]) });
console.log(r.mask_features.dims);
