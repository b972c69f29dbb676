/** Mix: placeholder, filled in by its own branch (webpaths). */
export function Mix() {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">Mix</h1>
      <p class="muted">A mix around seed tracks (coming soon).</p>
    </section>
  );
}
