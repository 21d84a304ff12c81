/** Peak resident set (VmHWM) of Chromium renderer processes, in MB (Linux /proc; 0 elsewhere). */
import { readFile, readdir } from 'node:fs/promises';

export const rendererPeakMb = async (): Promise<number> => {
  let peak = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      const kb = Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // the process ended
    }
  }
  return peak;
};
