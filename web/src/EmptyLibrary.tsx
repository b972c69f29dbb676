/**
 * First run: how many tracks and analysed tracks the library holds (`useLibraryCounts`), and the one sentence every
 * view shows while there are too few, saying what to do next instead of an empty table or a blank canvas.
 */
import { useQuery } from '@urql/preact';
import { graphql } from './gql/index.ts';

const LibraryCounts = graphql(`
  query LibraryCounts {
    tracks(first: 1) {
      totalCount
    }
    fingerprints(first: 1) {
      totalCount
    }
  }
`);

export interface LibraryCountsValue {
  /** Tracks in the library. */
  readonly tracks: number;
  /** Tracks with a fingerprint (analysed). */
  readonly analysed: number;
}

/** The library's counts (re-read from the server on each visit), undefined while loading or on an error. */
export function useLibraryCounts(): LibraryCountsValue | undefined {
  const [{ data }] = useQuery({ query: LibraryCounts, requestPolicy: 'cache-and-network' });
  return data && { tracks: data.tracks.totalCount, analysed: data.fingerprints.totalCount };
}

/**
 * What to do next when the library has fewer than `needed` analysed tracks for `what` ("a map"): scan a folder,
 * or wait for the analysis.
 */
export function EmptyLibrary({ counts, needed = 1, what }: { counts: LibraryCountsValue; needed?: number; what?: string }) {
  const reason =
    what === undefined
      ? undefined
      : `${capitalise(what)} needs at least ${needed} analysed ${needed === 1 ? 'track' : 'tracks'}; this library has ${counts.analysed}.`;
  return (
    <div class="empty-library" role="status">
      {reason && <p>{reason}</p>}
      {counts.tracks === 0 ? (
        <p>
          No tracks yet — scan a folder in <a href="/work">Library work</a>, or run <code>auralis scan &lt;folder&gt;</code>.
        </p>
      ) : (
        <p>
          {counts.tracks} {counts.tracks === 1 ? 'track' : 'tracks'}, {counts.analysed} analysed — add more or start the analysis in{' '}
          <a href="/work">Library work</a> (or run <code>auralis scan &lt;folder&gt;</code>).
        </p>
      )}
    </div>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
