/** Any path no route knows. */
export function NotFound() {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">Not found</h1>
      <p>
        No page here. Go to the <a href="/">library</a>.
      </p>
    </section>
  );
}
