/**
 * seem-host: the SEEM Cutout model host.
 *   seem-host serve [--port <n>] [--models <dir>]   serve bundles + the remote encoder on 127.0.0.1
 *   seem-host list [--models <dir>]                  the bundles it would serve
 *   seem-host verify <dir>                           re-hash a bundle, name any bad file
 *   seem-host add <dir> [--models <dir>]             verify, then copy a bundle into the models directory
 */
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileProblemAsync } from '../contracts/bundle-files';
import { sha256Hex } from './file-entry';
import { readBundleDirAsync, scanRegistryAsync } from './server/registry';
import { DEFAULT_PORT, EMBEDDED_BUNDLES, startHostAsync, userModelsDir } from './server/serve';

const HELP = `seem-host — serves SEEM Cutout model bundles and runs the image encoder

Usage:
  seem-host serve [--port <n>] [--models <dir>]   start the host on 127.0.0.1 (default port ${DEFAULT_PORT})
  seem-host list [--models <dir>]                  list the bundles it would serve
  seem-host verify <dir>                           re-hash every file of a bundle
  seem-host add <dir> [--models <dir>]             verify a bundle and copy it into the models directory
  seem-host --help

The models directory defaults to $SEEM_MODELS or ~/.seem-cutout/models; the embedded demo
bundle (not SEEM) is always served.`;

/** Every file of the bundle in `dir` against seem.json (contracts/bundle-files.ts); the problems found, none when it is intact. */
export const verifyBundleAsync = async (dir: string): Promise<string[]> => {
  const entry = await readBundleDirAsync(dir);
  const problems: string[] = [];
  for (const f of entry.manifest.files) {
    try {
      const problem = await fileProblemAsync(f, await readFile(join(dir, f.name)), sha256Hex);
      if (problem !== null) problems.push(problem);
    } catch {
      problems.push(`${f.name}: missing`);
    }
  }
  return problems;
};

export const mainAsync = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, models: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, arg] = positionals;
  const models = values.models ?? userModelsDir();
  if (values.help || !command) {
    console.log(HELP);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'serve': {
      const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
      const host = await startHostAsync({ port, roots: [EMBEDDED_BUNDLES, models] });
      console.log(`SEEM Cutout model host on ${host.url} — ${host.registry.bundles.size} bundle(s): ${[...host.registry.bundles.keys()].join(', ')}`);
      for (const s of host.registry.skipped) console.warn(`skipped ${s.dir}: ${s.reason}`);
      return -1; // keep running
    }
    case 'list': {
      const registry = await scanRegistryAsync([EMBEDDED_BUNDLES, models]);
      for (const b of registry.bundles.values()) {
        const mb = b.manifest.files.reduce((s, f) => s + f.bytes, 0) / 1e6;
        console.log(
          `${b.id}\t${b.manifest.model.variant}\t${mb.toFixed(1)} MB\t${b.manifest.model.demo ? 'demo (not SEEM)' : b.manifest.model.licence}\t${b.dir}`,
        );
      }
      for (const s of registry.skipped) console.log(`(skipped) ${s.dir}: ${s.reason}`);
      return 0;
    }
    case 'verify':
    case 'add': {
      if (!arg) throw new Error(`seem-host ${command} needs a bundle folder`);
      const problems = await verifyBundleAsync(arg);
      for (const p of problems) console.error(`bad file — ${p}`);
      if (problems.length > 0) return 2;
      const entry = await readBundleDirAsync(arg);
      if (command === 'verify') {
        console.log(`${entry.id}: all ${entry.manifest.files.length} files match seem.json`);
        return 0;
      }
      const target = join(models, entry.id);
      await cp(arg, target, { recursive: true });
      console.log(`added ${entry.id} → ${target} (a running host serves it now: it rescans its models folder for unknown ids)`);
      return 0;
    }
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      return 1;
  }
};
