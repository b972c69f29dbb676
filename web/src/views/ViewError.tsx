/**
 * What a view shows instead of nothing when it cannot be shown: its code could not be loaded (the server is down
 * or was updated; VIEW_LOAD_FAILED) or it failed while rendering (VIEW_FAILED). The message names the code and
 * offers a way on.
 */

/** The view's module could not be fetched (server stopped or restarted with a new build). */
export const VIEW_LOAD_FAILED = 'VIEW_LOAD_FAILED';
/** The view threw while rendering. */
export const VIEW_FAILED = 'VIEW_FAILED';

export function ViewError({ code, error }: { code: string; error: unknown }) {
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title">This view could not be shown</h1>
      <p role="alert">
        {code === VIEW_LOAD_FAILED ? 'Its code could not be loaded from the server' : 'It failed'}: {detail} ({code})
      </p>
      <p>
        Check that <code>auralis serve</code> is running, then{' '}
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>{' '}
        or go to the <a href="/">library</a>.
      </p>
    </section>
  );
}
