import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
const dir = 'model-host/bundles/seem-demo-colour/';
for (const f of ['image_encoder', 'visual_prompt', 'prompt_decoder', 'text_encoder']) {
  const s = await ort.InferenceSession.create(readFileSync(dir + f + '.onnx'));
  console.log(f, s.inputNames, s.outputNames, JSON.stringify(s.inputMetadata[0]));
}
