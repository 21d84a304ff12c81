// `npm start`: the plugin is built (npm runs `build` first); this prints how to load it.
// The model host and the browser playground join this script as they land (see README).
import { fileURLToPath } from 'node:url';

const manifest = fileURLToPath(new URL('../manifest.json', import.meta.url));
console.log(`SEEM Cutout is built.

Load it in Figma desktop: Plugins → Development → Import plugin from manifest… → ${manifest}
`);
