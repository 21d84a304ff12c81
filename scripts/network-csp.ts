/**
 * The manifest's `networkAccess` as the Content-Security-Policy Figma puts on the plugin
 * iframe, so the playground blocks what Figma would block. Figma's entries ("https://x.com",
 * "*.example.com", "example.com/api/", "wss://…", ["none"]) are CSP source expressions as they
 * stand; a development plugin also gets `devAllowedDomains` (the playground is one).
 * Scripts, styles, images and the data: worker stay allowed: only the network is restricted.
 */
export interface NetworkAccess {
  allowedDomains: string[];
  devAllowedDomains?: string[];
  reasoning?: string;
}

export class NetworkAccessError extends Error {
  override name = 'NetworkAccessError';
}

const checkEntry = (entry: string, field: string): string => {
  if (!/^[A-Za-z0-9*][A-Za-z0-9.*:/_~%+-]*$/.test(entry)) {
    throw new NetworkAccessError(`networkAccess.${field}: "${entry}" is not a domain pattern (e.g. "https://huggingface.co", "*.hf.co", "example.com/api/")`);
  }
  return entry;
};

/** The connect-src sources: allowedDomains (+ devAllowedDomains when `dev`); "none" alone → 'none'. */
export const connectSources = (access: NetworkAccess, opts: { dev: boolean }): string[] => {
  const lists: [string, string[]][] = [['allowedDomains', access.allowedDomains]];
  if (opts.dev && access.devAllowedDomains) lists.push(['devAllowedDomains', access.devAllowedDomains]);
  const out: string[] = [];
  for (const [field, list] of lists) {
    if (list.includes('none')) {
      if (list.length > 1) throw new NetworkAccessError(`networkAccess.${field}: "none" must be the only entry`);
      continue;
    }
    for (const entry of list) if (!out.includes(entry)) out.push(checkEntry(entry, field));
  }
  return out;
};

export const networkAccessCsp = (access: NetworkAccess, opts: { dev: boolean }): string => {
  const connect = connectSources(access, opts);
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' data: blob:",
    'worker-src data: blob:',
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    `connect-src ${connect.length ? connect.join(' ') : "'none'"}`,
  ].join('; ');
};

/** ui.html with the policy as the first thing in <head> (a srcdoc iframe gets no response headers). */
export const withCspMeta = (html: string, csp: string): string => {
  const at = html.indexOf('<head>');
  if (at < 0) throw new NetworkAccessError('ui.html has no <head> to put the Content-Security-Policy in');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp.replaceAll('"', '&quot;')}">`;
  return `${html.slice(0, at + 6)}${meta}${html.slice(at + 6)}`;
};
