/** Paths: placeholder, filled in by its own branch (webpaths). */
export function Paths() {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">Paths</h1>
      <p class="muted">A sonic path from one track to another (coming soon).</p>
    </section>
  );
}
