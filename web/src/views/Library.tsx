/** Library `/`: the tracks (the scaffold lists the first page; the full view is items 1 of issue 12). */
import { useQuery } from '@urql/preact';
import { graphql } from '../gql/index.ts';

const LibraryFirstPage = graphql(`
  query LibraryFirstPage {
    tracks(first: 50) {
      totalCount
      edges {
        node {
          id
          title
          artist
          album
          durationSeconds
        }
      }
    }
  }
`);

export function Library() {
  const [{ data, fetching, error }] = useQuery({ query: LibraryFirstPage });
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">Library</h1>
      {error && <p role="alert">{error.message}</p>}
      {fetching && !data && <p aria-live="polite">Loading…</p>}
      {data && (
        <>
          <p>{data.tracks.totalCount} tracks</p>
          <ul>
            {data.tracks.edges.map(({ node }) => (
              <li key={node.id}>
                <a href={`/track/${encodeURIComponent(node.id)}`}>{node.title ?? node.id}</a> {node.artist ?? ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
