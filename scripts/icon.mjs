// Renders the store icon (media/icon.svg) to the 128×128 PNG the Marketplace and Open VSX show.
// The PNG is a build output in dist/, never committed: the SVG is the source.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SIZE = 128;

/** Writes dist/icon.png from media/icon.svg, `size` pixels square. */
export function renderIcon(
  svgPath = join(root, 'media', 'icon.svg'),
  pngPath = join(root, 'dist', 'icon.png'),
  size = ICON_SIZE,
) {
  const svg = readFileSync(svgPath, 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } })
    .render()
    .asPng();
  mkdirSync(dirname(pngPath), { recursive: true });
  writeFileSync(pngPath, png);
}
