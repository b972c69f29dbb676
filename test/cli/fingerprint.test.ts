import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encode, FIXTURE_CACHE_DIR } from '../../fixtures/encode.ts';
import { musicMix } from '../../fixtures/musicMix.ts';
import { analyseFile } from '../../server/fingerprint/analyse.ts';
import { DIMENSION_GROUPS, DIMENSION_KEYS, DIMENSIONS, FINGERPRINT_VERSION } from '../../server/fingerprint/dimensions.ts';
import { FACT_KEYS } from '../../server/fingerprint/facts.ts';
import { runAuralis } from './runCli.ts';

const auralis = (...args: string[]) => runAuralis(args);

describe('auralis fingerprint', () => {
  const track = () => encode(musicMix({ seconds: 20, seed: 7 }), { format: 'mp3', name: 'cli-mix-20s' });

  it('--json prints the camelCase keys, the facts, key, replayGain and version, the values analyseFile gives, and exits 0', async () => {
    const file = await track();
    const run = await auralis('fingerprint', file, '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const document = JSON.parse(run.stdout) as Record<string, any>;
    expect(Object.keys(document)).toEqual([...DIMENSION_KEYS, ...FACT_KEYS, 'key', 'replayGain', 'version']);
    expect(document.version).toBe(FINGERPRINT_VERSION);
    const direct = await analyseFile(file);
    for (const key of DIMENSION_KEYS) {
      expect(Math.abs(document[key] - direct.values[key]!), key).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(document[key])));
    }
    for (const key of FACT_KEYS) {
      const fact = direct.facts[key];
      if (fact === null) expect(document[key], key).toBeNull();
      else expect(Math.abs(document[key] - fact), key).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(fact)));
    }
    expect(document.replayGain.trackGainDb).toBeCloseTo(-18 - direct.values.lufs!, 12);
  });

  it('prints a table of dimension, value and unit grouped by category', async () => {
    const run = await auralis('fingerprint', await track());
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    let lastGroupLine = -1;
    for (const group of DIMENSION_GROUPS) {
      const at = lines.indexOf(group);
      expect(at, `heading ${group}`).toBeGreaterThan(lastGroupLine);
      lastGroupLine = at;
      const members = DIMENSIONS.filter((d) => d.group === group);
      members.forEach((d, i) => {
        expect(lines[at + 1 + i], d.key).toMatch(new RegExp(`^  ${d.key}\\s+-?\\d+(\\.\\d+)?  ${d.unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      });
    }
    // Then the facts beside the 25: each a value or "—" (not computed by this build), the key and ReplayGain.
    const facts = lines.indexOf('facts (not in the distance)');
    expect(facts).toBeGreaterThan(lastGroupLine);
    FACT_KEYS.forEach((key, i) => expect(lines[facts + 1 + i], key).toMatch(new RegExp(`^  ${key}\\s+(-?\\d+(\\.\\d+)?|—)  `)));
    expect(lines[facts + 1 + FACT_KEYS.length]).toMatch(/^  key\s+(—|[A-G][#b]? (major|minor) \(Camelot \d{1,2}[AB]\))$/);
    expect(lines[facts + 2 + FACT_KEYS.length]).toMatch(/^  replayGain\s+track gain [+-]\d+\.\d\d dB/);
  });

  it('exits non-zero with ONE line on stderr, naming the file and the code, for a bad file', async () => {
    const folder = path.join(FIXTURE_CACHE_DIR, 'cli');
    mkdirSync(folder, { recursive: true });
    const bad = path.join(folder, 'shopping list.mp3');
    writeFileSync(bad, 'eggs\nmilk\n'.repeat(40));
    for (const [file, code] of [
      [bad, 'UNREADABLE_FILE'],
      [path.join(folder, 'absent.wav'), 'FILE_NOT_FOUND'],
    ] as const) {
      const run = await auralis('fingerprint', file, '--json');
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`\`${file}\``);
      expect(lines[0]).toContain(`[${code}]`);
      expect(lines[0]).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
    }
  });
});
