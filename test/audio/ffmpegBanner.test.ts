import { describe, expect, it } from 'vitest';
import { channelsOfLayout, ffmpegFailureReason, parseFfmpegBanner } from '../../server/audio/ffmpegBanner.ts';

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
