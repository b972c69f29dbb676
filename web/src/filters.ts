/**
 * The library's filters as a URL query string, so a filter is a link to share:
 * `/?q=piano&lufs=-14..-10&tempoBpm=118..` = text search "piano", lufs from −14 to −10 LUFS, tempo ≥ 118 BPM.
 * Each dimension (camelCase, as in `FingerprintWhere`) takes `min..max` with either side optional (inclusive).
 * Pure; the where it builds is the API's `FingerprintWhere`.
 */
import { DIMENSION_LABELS } from './format.ts';

/** An inclusive range in the dimension's unit; a missing side is open. */
export interface RangeFilter {
  readonly gte?: number;
  readonly lte?: number;
}

export interface LibraryFilters {
  /** Text search (title, artist, album or path), '' for none. */
  readonly search: string;
  /** Dimension name → range; only dimensions with at least one side set. */
  readonly ranges: Readonly<Record<string, RangeFilter>>;
}

const DIMENSION_NAMES = new Set(Object.keys(DIMENSION_LABELS));

function parseBound(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text.replace('−', '-'));
  return Number.isFinite(value) ? value : undefined;
}

/** Reads the filters from a query string (`location.search` or preact-iso's `query` object). */
export function parseFilters(query: URLSearchParams | Readonly<Record<string, string>>): LibraryFilters {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query));
  const ranges: Record<string, RangeFilter> = {};
  for (const [key, text] of params) {
    if (!DIMENSION_NAMES.has(key)) continue;
    const [low = '', high = ''] = text.split('..');
    const gte = parseBound(low);
    const lte = parseBound(high);
    if (gte === undefined && lte === undefined) continue;
    ranges[key] = { ...(gte === undefined ? {} : { gte }), ...(lte === undefined ? {} : { lte }) };
  }
  return { search: params.get('q') ?? '', ranges };
}

/** The query string (without `?`) of `filters`: search first, then ranges by name. */
export function filtersToQuery(filters: LibraryFilters): string {
  const params = new URLSearchParams();
  if (filters.search.trim() !== '') params.set('q', filters.search);
  for (const name of Object.keys(filters.ranges).sort()) {
    const range = filters.ranges[name]!;
    params.set(name, `${range.gte ?? ''}..${range.lte ?? ''}`);
  }
  return params.toString().replace(/%2E%2E/gi, '..');
}

export function hasRanges(filters: LibraryFilters): boolean {
  return Object.keys(filters.ranges).length > 0;
}

/** The `FingerprintWhere` of the ranges (the API's input type), or undefined without any. */
export function fingerprintWhere(filters: LibraryFilters): Record<string, RangeFilter> | undefined {
  return hasRanges(filters) ? { ...filters.ranges } : undefined;
}

/** `filters` with one dimension's range replaced (undefined or an empty range removes it). */
export function withRange(filters: LibraryFilters, name: string, range: RangeFilter | undefined): LibraryFilters {
  const ranges = { ...filters.ranges };
  if (range === undefined || (range.gte === undefined && range.lte === undefined)) delete ranges[name];
  else ranges[name] = range;
  return { ...filters, ranges };
}
