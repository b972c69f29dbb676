/** Display of values with their units (the units of `fingerprintDimensions`). Pure; used by every view. */

/** Short human labels of the 25 dimensions (camelCase name → label); unknown names show as they are. */
export const DIMENSION_LABELS: Readonly<Record<string, string>> = {
  subBassPct: 'Sub-bass',
  bassPct: 'Bass',
  lowMidPct: 'Low mids',
  midPct: 'Mids',
  upperMidPct: 'Upper mids',
  presencePct: 'Presence',
  airPct: 'Air',
  lufs: 'Loudness',
  crestDb: 'Crest factor',
  bassMidRatio: 'Bass/mid ratio',
  tempoBpm: 'Tempo',
  rhythmStability: 'Rhythm stability',
  transientDensity: 'Transient density',
  silenceRatio: 'Silence',
  spectralCentroid: 'Brightness (centroid)',
  spectralRolloff: 'Rolloff',
  spectralFlatness: 'Flatness (noisiness)',
  harmonicRatio: 'Harmonic ratio',
  pitchStability: 'Pitch stability',
  chromaEnergy: 'Tonal focus',
  dynamicRangeVariation: 'Dynamics variation',
  loudnessVariationStd: 'Loudness variation',
  peakConsistency: 'Peak consistency',
  stereoWidth: 'Stereo width',
  phaseCorrelation: 'Phase correlation',
};

export function dimensionLabel(name: string): string {
  return DIMENSION_LABELS[name] ?? name;
}

/** Category names of `DimensionGroup`, in display order. */
export const GROUP_LABELS: Readonly<Record<string, string>> = {
  FREQUENCY: 'Frequency',
  DYNAMICS: 'Dynamics',
  TEMPORAL: 'Rhythm & time',
  SPECTRAL: 'Spectral shape',
  HARMONIC: 'Harmonic',
  VARIATION: 'Variation',
  STEREO: 'Stereo',
};

/** A number with about 3 significant digits (tabular), a real minus sign. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? Math.max(0, digits - 2) : abs >= 1 ? Math.max(0, digits - 1) : digits;
  return value.toFixed(decimals).replace('-', '−');
}

/** `value` in `unit`: "−14.2 LUFS", "124 BPM", "1.25 kHz", "12.3 %", "0.532" (0–1 and −1…1 have no suffix). */
export function formatValue(value: number, unit: string): string {
  if (unit === 'Hz') return value >= 1000 ? `${formatNumber(value / 1000)} kHz` : `${formatNumber(value)} Hz`;
  if (unit === '0–1' || unit === '−1…1') return formatNumber(value, 2);
  if (unit === '%') return `${formatNumber(value, 2)} %`;
  return `${formatNumber(value)} ${unit}`;
}

/** Seconds as m:ss (h:mm:ss from an hour). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "73rd" for 73. */
export function ordinal(n: number): string {
  const r = Math.round(n);
  const tens = r % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][r % 10] ?? 'th');
  return `${r}${suffix}`;
}
