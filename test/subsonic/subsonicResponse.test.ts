import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { subsonicResponse } from '../../server/subsonic/subsonicResponse.ts';

/** Characters XML 1.0 does not allow anywhere (its `Char` production), lone surrogates included. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('subsonicResponse', () => {
  const body = { song: { id: '1', title: 'A & B "q" <x> \'y\' ü 🎵', isDir: false, genres: [{ name: 'x' }] }, genres: { genre: [{ value: 'R&B', songCount: 1 }] } };

  it('JSON and XML carry the same envelope and values; XML escapes markup', async () => {
    const json = (await subsonicResponse('json', 'ok', body).json()) as Record<string, any>;
    expect(json['subsonic-response']).toMatchObject({ status: 'ok', version: '1.16.1', type: 'auralis', openSubsonic: true, song: body.song });
    const xml = await subsonicResponse('xml', 'ok', body).text();
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml)['subsonic-response'];
    expect(parsed.song.title).toBe(body.song.title);
    expect(parsed.song.isDir).toBe('false');
    expect(parsed.genres.genre['#text']).toBe('R&B');
    expect(parsed.openSubsonic).toBe('true');
  });

  it('a tag with control characters (stored as read from the file) still gives well-formed XML: each becomes U+FFFD', async () => {
    const title = 'Ba\u0000ttle\u0001 \u001f end\uFFFF \uD800x';
    const xml = await subsonicResponse('xml', 'ok', { song: { id: '1', title, comments: ['\u0002'] } }).text();
    expect(xml).not.toMatch(NOT_XML_CHAR);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml)['subsonic-response'];
    expect(parsed.song.title).toBe('Ba\uFFFDttle\uFFFD \uFFFD end\uFFFD \uFFFDx');
    // JSON can carry them (escaped) as they are
    const json = (await subsonicResponse('json', 'ok', { song: { id: '1', title } }).json()) as Record<string, any>;
    expect(json['subsonic-response'].song.title).toBe(title);
  });
});
