/** The library filters as a URL query string (web/src/filters.ts): parsing, writing, and the FingerprintWhere. */
import { describe, expect, test } from 'vitest';
import { filtersToQuery, fingerprintWhere, parseFilters, withRange } from '../../web/src/filters.ts';

describe('library filters in the URL', () => {
  test('degenerate input: no query, unknown keys, empty and non-numeric bounds give no filter', () => {
    expect(parseFilters(new URLSearchParams(''))).toEqual({ search: '', ranges: {} });
    expect(parseFilters(new URLSearchParams('foo=1..2&lufs=..&tempoBpm=abc..xyz&bassPct='))).toEqual({ search: '', ranges: {} });
    expect(fingerprintWhere(parseFilters(new URLSearchParams('')))).toBeUndefined();
  });

  test('min..max with either side open becomes the FingerprintWhere of the API', () => {
    const filters = parseFilters(new URLSearchParams('q=piano&lufs=-14..-10&tempoBpm=118..&airPct=..2.5'));
    expect(filters.search).toBe('piano');
    expect(fingerprintWhere(filters)).toEqual({ lufs: { gte: -14, lte: -10 }, tempoBpm: { gte: 118 }, airPct: { lte: 2.5 } });
    // preact-iso hands the query as an object.
    expect(parseFilters({ lufs: '−14..−10' }).ranges).toEqual({ lufs: { gte: -14, lte: -10 } });
  });

  test('written back, a filter is a stable, readable link that parses to the same filters', () => {
    const filters = withRange(withRange({ search: 'a b', ranges: {} }, 'tempoBpm', { gte: 118, lte: 122 }), 'lufs', { lte: -10 });
    const query = filtersToQuery(filters);
    expect(query).toBe('q=a+b&lufs=..-10&tempoBpm=118..122');
    expect(parseFilters(new URLSearchParams(query))).toEqual(filters);
    expect(filtersToQuery(withRange(filters, 'lufs', undefined))).toBe('q=a+b&tempoBpm=118..122');
  });
});
