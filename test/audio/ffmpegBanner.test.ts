import { describe, expect, it } from 'vitest';
import { channelsOfLayout, ffmpegFailureReason, parseFfmpegBanner, parseFfmpegInput } from '../../server/audio/ffmpegBanner.ts';
import { implausibleStreamReason } from '../../server/audio/streamLimits.ts';

// Shaped like ffmpeg 5.1's stderr for an m4a with a cover picture and two audio streams, mapped 0:2.
const BANNER = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/music/a.m4a':
  Metadata:
    major_brand     : M4A
  Duration: 01:02:03.50, start: 0.000000, bitrate: 260 kb/s
  Stream #0:0[0x1](und): Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600, 90k tbr (attached pic)
  Stream #0:1[0x2](eng): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 128 kb/s (default)
  Stream #0:2[0x3](eng): Audio: aac (LC) (mp4a / 0x6134706D), 96000 Hz, 5.1(side), fltp, 384 kb/s
Stream mapping:
  Stream #0:2 -> #0:0 (aac (native) -> pcm_f32le (native))
Output #0, f32le, to 'pipe:1':
  Stream #0:0(eng): Audio: pcm_f32le, 44100 Hz, stereo, flt, 2822 kb/s
`;

describe('parseFfmpegBanner', () => {
  it('reads the mapped source stream, the container, the duration and the output layout', () => {
    expect(parseFfmpegBanner(BANNER)).toEqual({
      source: { codec: 'aac', container: 'mov,mp4,m4a,3gp,3g2,mj2', channels: 6, sampleRate: 96_000, durationSeconds: 3723.5 },
      outputChannels: 2,
      outputSampleRate: 44_100,
    });
  });

  it('waits for a complete Output stream line', () => {
    const cut = BANNER.indexOf('Output #0') + 60;
    expect(parseFfmpegBanner(BANNER.slice(0, cut))).toBeUndefined();
    expect(parseFfmpegBanner(BANNER.slice(0, BANNER.length - 1))).toBeUndefined();
  });

  it('reports an unknown duration as null', () => {
    const banner = parseFfmpegBanner(BANNER.replace('Duration: 01:02:03.50', 'Duration: N/A'));
    expect(banner?.source.durationSeconds).toBeNull();
  });
});

describe('channelsOfLayout', () => {
  it.each([
    ['mono', 1],
    ['stereo', 2],
    ['5.1(side)', 6],
    ['7.1', 8],
    ['3 channels', 3],
  ])('%s has %i channels', (layout, channels) => {
    expect(channelsOfLayout(layout)).toBe(channels);
  });

  it('gives NaN for a layout it does not know', () => {
    expect(channelsOfLayout('mystery')).toBeNaN();
  });
});

describe('ffmpegFailureReason', () => {
  it("keeps ffmpeg's last line without the file prefix", () => {
    expect(ffmpegFailureReason("file:/music/x.mp3: Invalid data found when processing input\n", 1, null)).toBe(
      'Invalid data found when processing input',
    );
  });

  it('adds the demuxer complaint to a bare "Invalid argument"', () => {
    const stderr =
      '[mp3 @ 0x55bc4acde9c0] Format mp3 detected only with low score of 1, misdetection possible!\n' +
      '[mp3 @ 0x55bc4acde9c0] Failed to read frame size: Could not seek to 1026.\n' +
      'file:/music/notes.mp3: Invalid argument\n';
    expect(ffmpegFailureReason(stderr, 1, null)).toBe('Invalid argument: mp3: Failed to read frame size: Could not seek to 1026.');
  });

  it('says there is no audio stream when the map matches nothing', () => {
    const stderr = "Stream map '0:a:0' matches no streams.\nTo ignore this, add a trailing '?' to the map.\n";
    expect(ffmpegFailureReason(stderr, 1, null)).toBe('no audio stream found');
  });

  it('names the signal when ffmpeg died silently', () => {
    expect(ffmpegFailureReason('', null, 'SIGSEGV')).toBe('ffmpeg was killed by SIGSEGV');
  });
});

describe('parseFfmpegInput and implausibleStreamReason: the source, checked before decoding', () => {
  it('reads the input section once the mapping line is complete, not before', () => {
    const mappingEnd = BANNER.indexOf('\n', BANNER.indexOf(' -> #0:0')) + 1;
    expect(parseFfmpegInput(BANNER.slice(0, mappingEnd - 5))).toBeUndefined();
    expect(parseFfmpegInput(BANNER.slice(0, mappingEnd))).toEqual({
      codec: 'aac',
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      channels: 6,
      sampleRate: 96_000,
      durationSeconds: 3723.5,
    });
  });

  it('accepts real streams, including DSD and 8 kHz speech', () => {
    const base = { codec: 'x', container: 'y', channels: 2, sampleRate: 44_100, durationSeconds: 240 };
    expect(implausibleStreamReason(base, 8_000_000)).toBeUndefined();
    expect(implausibleStreamReason({ ...base, sampleRate: 2_822_400 }, 8_000_000)).toBeUndefined();
    expect(implausibleStreamReason({ ...base, sampleRate: 8_000, channels: 1 }, 60_000)).toBeUndefined();
    expect(implausibleStreamReason({ ...base, durationSeconds: null }, 8_000_000)).toBeUndefined();
  });

  it('refuses a rate outside 4000–3072000 Hz, 0 or more than 32 channels, no rate, and a duration the size cannot hold', () => {
    const base = { codec: 'x', container: 'y', channels: 1, sampleRate: 44_100, durationSeconds: 10 };
    expect(implausibleStreamReason({ ...base, sampleRate: 1 }, 2_000_000)).toMatch(/expected a sample rate of 4000–3072000 Hz, received 1 Hz/);
    expect(implausibleStreamReason({ ...base, sampleRate: 6_000_000 }, 2_000_000)).toMatch(/received 6000000 Hz/);
    expect(implausibleStreamReason({ ...base, channels: 0 }, 2_000_000)).toMatch(/expected 1–32 channels, received 0 channels/);
    expect(implausibleStreamReason({ ...base, channels: 40 }, 2_000_000)).toMatch(/received 40 channels/);
    expect(implausibleStreamReason({ ...base, sampleRate: Number.NaN }, 2_000_000)).toMatch(/sample rate, ffmpeg found none/);
    // 291 hours in 2 MB: 16 bit/s.
    expect(implausibleStreamReason({ ...base, durationSeconds: 1_048_576 }, 2_097_152)).toMatch(/16\.0 bit\/s/);
  });

  it('reads a stream ffmpeg could not describe ("0 channels", no rate)', () => {
    const stderr = `Input #0, mp3, from 'file:/dev/fd/3':
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0: Audio: mp3, 0 channels, fltp
Stream mapping:
  Stream #0:0 -> #0:0 (mp3 (mp3float) -> pcm_f32le (native))
`;
    expect(parseFfmpegInput(stderr)).toMatchObject({ codec: 'mp3', channels: 0, sampleRate: Number.NaN, durationSeconds: null });
  });
});
