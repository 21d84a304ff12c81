/** Applied layers → an SVG document (paths in image pixels over the photo; clip = the photo masked by the path). */
import type { AppliedGroup } from './simulated-sandbox';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const groupToSvg = (g: AppliedGroup, photoHref: string): string => {
  const { width: w, height: h } = g.image;
  const parts = g.layers.map((l, i) => {
    const fill = `rgb(${Math.round(l.color.r * 255)},${Math.round(l.color.g * 255)},${Math.round(l.color.b * 255)})`;
    const path = `<path d="${esc(l.path.data)}" fill-rule="evenodd"`;
    if (!g.clip) return `  ${path} fill="${fill}" fill-opacity="${l.color.a}"><title>${esc(l.name)}</title></path>`;
    return `  <clipPath id="clip${i}">${path}/></clipPath>\n  <g id="${esc(l.id)}"><title>${esc(l.name)}</title><image href="${esc(photoHref)}" width="${w}" height="${h}" clip-path="url(#clip${i})"/></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">\n <g id="${esc(g.id)}"><title>${esc(g.name)}</title>\n${parts.join('\n')}\n </g>\n</svg>\n`;
};
