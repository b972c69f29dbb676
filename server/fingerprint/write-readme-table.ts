/** `npm run docs`: rewrites the README's table of dimensions from the catalogue. */
import { readFileSync, writeFileSync } from 'node:fs';
import { embedDimensionTable } from './dimension-table.ts';

const readme = new URL('../../README.md', import.meta.url);
writeFileSync(readme, embedDimensionTable(readFileSync(readme, 'utf8')));
