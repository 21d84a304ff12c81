import * as ort from 'onnxruntime-node';
import { readFileSync, readdirSync } from 'node:fs';
const dir = '/tmp/ft/v1-split';
const so = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
const enc = await ort.InferenceSession.create(readFileSync(`${dir}/image_encoder.onnx`), so);
const dec = await ort.InferenceSession.create(readFileSync(`${dir}/query_decoder.onnx`), { ...so, enableProfiling: true, profileFilePrefix: '/tmp/qprof' });
const e = await enc.run({ image: new ort.Tensor('float32', new Float32Array(3 * 512 * 512).map((_, i) => (i * 37) % 255), [1, 3, 512, 512]) });
const C = 512, M = 1, P = 1;
const f = (d: number[]) => new ort.Tensor('float32', new Float32Array(d.reduce((a, b) => a * b, 1)), d);
const feeds: Record<string, ort.Tensor> = {};
for (const n of dec.inputNames) if (e[n]) feeds[n] = e[n] as ort.Tensor;
Object.assign(feeds, {
  spatial_tokens: f([1, M, 3, P, C]), spatial_pos_valid: new ort.Tensor('float32', Float32Array.of(1), [1, 1, 1]), spatial_neg_valid: f([1, M, P]),
  reference_tokens: f([1, M, 3, P, C]), reference_pos_valid: f([1, M, P]), reference_neg_valid: f([1, M, P]),
  text_tokens: f([1, 0, C]), text_valid: f([1, 0]), prev_mask: f([1, M, 128, 128]), has_prev: f([1]), memory_object: f([0]),
  query_index: new ort.Tensor('int64', BigInt64Array.from([0n, 1n, 2n]), [3]), query_tags: f([3]), vocab_embeddings: f([134, C]),
});
for (let i = 0; i < 6; i++) { const t = performance.now(); await dec.run(feeds); console.log('run ms', (performance.now() - t).toFixed(1)); }
dec.endProfiling();
await new Promise((r) => setTimeout(r, 500));
const file = readdirSync('/tmp').filter((n) => n.startsWith('qprof')).sort().at(-1);
const events = JSON.parse(readFileSync(`/tmp/${file}`, 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string } }[];
const byOp = new Map<string, number>();
const byNode = new Map<string, number>();
for (const ev of events) if (ev.cat === "Node" && ev.name.endsWith("_kernel_time")) byNode.set(ev.name, (byNode.get(ev.name) ?? 0) + ev.dur / 6000);
console.log([...byNode].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${v.toFixed(2)}ms`).join("\n"));
for (const ev of events) if (ev.cat === 'Node' && ev.name.endsWith('_kernel_time')) byOp.set(ev.args?.op_name ?? '?', (byOp.get(ev.args?.op_name ?? '?') ?? 0) + ev.dur / 6000);
console.log([...byOp].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(1)}ms`).join('\n'));
