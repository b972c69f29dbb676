/** Graph: placeholder, filled in by its own branch (webmap). */
export function Graph() {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">Graph</h1>
      <p class="muted">The similarity graph around a track (coming soon).</p>
    </section>
  );
}
