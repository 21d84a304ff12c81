// `npm run fixtures`: writes the demo/test bundle (not SEEM) to model-host/bundles/seem-demo-colour/.
import { join } from 'node:path';
import { DEMO_BUNDLE_ID, generateDemoBundle, writeBundle } from '../model-host/fixture-bundle/write-bundle';

const dir = join(import.meta.dirname, '../model-host/bundles', DEMO_BUNDLE_ID);
const bundle = generateDemoBundle();
await writeBundle(dir, bundle);
const total = bundle.manifest.files.reduce((s, f) => s + f.bytes, 0);
console.log(`demo bundle (not SEEM) → ${dir} (${(total / 1024).toFixed(0)} KB)`);
