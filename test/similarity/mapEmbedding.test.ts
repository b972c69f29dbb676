import { describe, expect, it } from 'vitest';
import { embedInWorker, LibraryMapAbortedError } from '../../server/similarity/libraryMap.ts';
import { embedRows, embeddingSteps, EmbeddingStoppedError, fitted } from '../../server/similarity/mapEmbedding.ts';

const SETTINGS = { seed: 7, neighbours: 10, epochs: 30 };

describe('mapEmbedding: degenerate input first', () => {
  it('no rows: no points', () => {
    const { x, y } = embedRows(new Float64Array(0), 25, SETTINGS);
    expect([x.length, y.length]).toEqual([0, 0]);
  });

  it('one row: the centre (0.5, 0.5)', () => {
    const { x, y } = embedRows(new Float64Array(25).fill(0.3), 25, SETTINGS);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(y[0]).toBeCloseTo(0.5, 12);
  });

  it('two different rows: the ends of the middle line; two equal rows: both at the centre', () => {
    const two = new Float64Array(50);
    two.fill(0.2, 0, 25);
    two.fill(0.8, 25, 50);
    const apart = embedRows(two, 25, SETTINGS);
    expect([apart.x[0], apart.x[1], apart.y[0], apart.y[1]].map((v) => Number(v!.toFixed(9)))).toEqual([0, 1, 0.5, 0.5]);
    const equal = embedRows(new Float64Array(50).fill(0.4), 25, SETTINGS);
    expect([equal.x[0], equal.x[1], equal.y[0], equal.y[1]].map((v) => Number(v!.toFixed(9)))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('many equal rows land on the centre (UMAP would scatter them)', () => {
    const { x, y } = embedRows(new Float64Array(40 * 25).fill(0.6), 25, SETTINGS);
    for (let i = 0; i < 40; i++) {
      expect(x[i]).toBeCloseTo(0.5, 12);
      expect(y[i]).toBeCloseTo(0.5, 12);
    }
  });

  it('a non-finite value throws, naming the row', () => {
    const rows = new Float64Array(5 * 25).fill(0.1);
    rows[3 * 25 + 4] = Number.NaN;
    expect(() => embedRows(rows, 25, SETTINGS)).toThrow(/row 3 holds a non-finite value \(NaN\)/);
    expect(() => embedRows(new Float64Array(26), 25, SETTINGS)).toThrow(/expected rows of 25 values, received 26 values/);
  });

  it('three rows (fewer than the neighbours asked for) still embed, inside [0, 1]', () => {
    const rows = Float64Array.from({ length: 75 }, (_, i) => (i < 25 ? 0.1 : i < 50 ? 0.5 : 0.9));
    const { x, y } = embedRows(rows, 25, SETTINGS);
    for (const v of [...x, ...y]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });
});

describe('mapEmbedding: scaling and progress', () => {
  it('fitted: the longer side spans 0…1, the shorter one is centred with the same scale', () => {
    // x spans 10…14 (4), y spans 0…2 (2): scale 1/4, y centred: offset (1 − 2/4)/2 = 0.25.
    const { x, y } = fitted(Float64Array.of(10, 14, 12), Float64Array.of(0, 2, 1));
    expect(Array.from(x, (v) => Number(v.toFixed(6)))).toEqual([0, 1, 0.5]);
    expect(Array.from(y, (v) => Number(v.toFixed(6)))).toEqual([0.25, 0.75, 0.5]);
  });

  it('reports every step (neighbour graph, then each epoch) and stops when asked', () => {
    const rows = Float64Array.from({ length: 30 * 25 }, (_, i) => ((i * 7919) % 101) / 101);
    const seen: number[] = [];
    embedRows(rows, 25, SETTINGS, (done, total) => {
      expect(total).toBe(embeddingSteps(SETTINGS));
      seen.push(done);
    });
    expect(seen).toEqual(Array.from({ length: SETTINGS.epochs + 1 }, (_, i) => i + 1));
    expect(() => embedRows(rows, 25, SETTINGS, (done) => done >= 5)).toThrow(EmbeddingStoppedError);
  });
});

describe('embedInWorker (libraryMap.ts)', () => {
  it('resolves with the worker result even while the last progress report is still being written', async () => {
    // A slow progress callback (a busy database) must not turn the finished worker's exit into a failure.
    const rows = Float64Array.from({ length: 30 * 25 }, (_, i) => ((i * 7919) % 101) / 101);
    const reported: number[] = [];
    const embedding = await embedInWorker(rows, SETTINGS, {
      onProgress: async (done, total) => {
        reported.push(done);
        if (done === total) await new Promise((resolve) => setTimeout(resolve, 300));
      },
    });
    expect(embedding.x.length).toBe(30);
    expect(reported.at(-1)).toBe(embeddingSteps(SETTINGS));
  });

  it('stops the worker on abort (LibraryMapAbortedError, code ABORTED)', async () => {
    const rows = Float64Array.from({ length: 200 * 25 }, (_, i) => ((i * 7919) % 101) / 101);
    const controller = new AbortController();
    const run = embedInWorker(rows, { ...SETTINGS, epochs: 500 }, { signal: controller.signal, onProgress: (done) => (done >= 2 ? controller.abort() : undefined) });
    await expect(run).rejects.toBeInstanceOf(LibraryMapAbortedError);
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
