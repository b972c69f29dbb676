/** Library work: placeholder, filled in by its own branch (webpaths). */
export function Work() {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">Library work</h1>
      <p class="muted">Scan a root, extract fingerprints, watch progress (coming soon).</p>
    </section>
  );
}
