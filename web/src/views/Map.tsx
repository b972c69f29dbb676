/** Map: placeholder, filled in by its own branch (webmap). */
export function Map() {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">Map</h1>
      <p class="muted">A 2-D map of the whole library, coloured by any dimension (coming soon).</p>
    </section>
  );
}
