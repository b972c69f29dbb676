/**
 * browserPlayable and the Content-Type: a table over music-metadata's names, then real files made by ffmpeg,
 * read by content (a misnamed file keeps its real type).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserPlayable, mimeTypeOf, probeMediaFormat } from '../../server/media/mediaFormat.ts';
import { convert, sineWav } from './mediaFiles.ts';

describe('browserPlayable(container, codec)', () => {
  const cases: [string | null, string | null, boolean][] = [
    ['MPEG', 'MPEG 1 Layer 3', true],
    ['MPEG', 'MPEG 2.5 Layer 3', true],
    ['MPEG', 'MPEG 1 Layer 2', false],
    ['FLAC', 'FLAC', true],
    ['Ogg', 'Opus', true],
    ['Ogg', 'Vorbis I', true],
    ['Ogg', 'Speex', false],
    ['WAVE', 'PCM', true],
    ['WAVE', 'ADPCM', false],
    ['M4A/isom/iso2', 'MPEG-4/AAC', true],
    ['M4A/isom/iso2', 'ALAC', false],
    ['ADTS/MPEG-4', 'AAC', true],
    ['EBML/webm', 'OPUS', true],
    ['EBML/matroska', 'FLAC', false],
    ['ASF/audio', 'Windows Media Audio V8', false],
    ['AIFF', 'PCM', false],
    ['WavPack', 'PCM', false],
    ["Monkey's Audio", 'APE', false],
    ['DSF', 'DSD', false],
    [null, null, false],
  ];
  for (const [container, codec, playable] of cases) {
    test(`${container} / ${codec} → ${playable ? 'original' : 'transcode'}`, () => {
      expect(browserPlayable(container, codec)).toBe(playable);
    });
  }

  test('an unrecognised file takes the Content-Type of its extension', () => {
    expect(mimeTypeOf(null, null, '/m/a.ac3')).toBe('audio/ac3');
    expect(mimeTypeOf(null, null, '/m/a.unknown')).toBe('application/octet-stream');
  });
});

describe('real files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'auralis-format-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const files: [string, string[], string, boolean][] = [
    ['a.flac', ['-c:a', 'flac'], 'audio/flac', true],
    ['a.opus', ['-c:a', 'libopus'], 'audio/ogg; codecs=opus', true],
    ['a.m4a', ['-c:a', 'aac'], 'audio/mp4', true],
    ['alac.m4a', ['-c:a', 'alac'], 'audio/mp4', false],
    ['a.wv', ['-c:a', 'wavpack'], 'audio/wavpack', false],
    ['a.wma', ['-c:a', 'wmav2'], 'audio/x-ms-wma', false],
    ['a.mka', ['-c:a', 'pcm_s16le'], 'audio/x-matroska', false],
    ['really-flac.mp3', ['-c:a', 'flac', '-f', 'flac'], 'audio/flac', true],
  ];
  for (const [name, args, mimeType, playable] of files) {
    test(`${name}: ${mimeType}, ${playable ? 'played as it is' : 'transcoded'}`, async () => {
      const file = await convert(await sineWav(1), path.join(dir, name), args);
      expect(await probeMediaFormat(file)).toMatchObject({ mimeType, browserPlayable: playable });
    });
  }
});
