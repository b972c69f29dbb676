/**
 * The similarity preset of a path or a mix (`similarityPresets`: default, sound, timbre, rhythm, …), as a
 * select; "" is the server's default weights.
 */
import { useQuery } from '@urql/preact';
import { graphql } from '../gql/index.ts';
import type { SimilarityPreset } from '../gql/graphql.ts';

const PlaylistPresets = graphql(`
  query PlaylistPresets {
    similarityPresets {
      preset
      title
      description
    }
  }
`);

export function PresetSelect({ value, onChange }: { value: SimilarityPreset | ''; onChange(value: SimilarityPreset | ''): void }) {
  const [{ data }] = useQuery({ query: PlaylistPresets });
  const chosen = data?.similarityPresets.find((preset) => preset.preset === value);
  return (
    <label title={chosen?.description}>
      Sounding alike by{' '}
      <select value={value} onChange={(event) => onChange((event.target as HTMLSelectElement).value as SimilarityPreset | '')}>
        <option value="">the default weights</option>
        {data?.similarityPresets
          .filter((preset) => preset.preset !== 'DEFAULT')
          .map((preset) => (
            <option key={preset.preset} value={preset.preset}>
              {preset.title}
            </option>
          ))}
      </select>
    </label>
  );
}

/** A preset from the query string, or undefined. */
export function presetParam(value: string | undefined): SimilarityPreset | undefined {
  return value !== undefined && /^[A-Z_]+$/.test(value) ? (value as SimilarityPreset) : undefined;
}
