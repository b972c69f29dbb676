/**
 * The app shell: the urql client, the path router (preact-iso) and the navigation. The library and track
 * views load with the shell; the others are split into their own chunks (`lazy`), loaded on first visit.
 */
import { Provider } from '@urql/preact';
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { createAuralisClient } from './client.ts';
import { lazyView } from './lazyView.ts';
import { Library } from './views/Library.tsx';
import { NotFound } from './views/NotFound.tsx';
import { Track } from './views/Track.tsx';
import { VIEW_FAILED, ViewError } from './views/ViewError.tsx';

const MapView = lazyView(() => import('./views/Map.tsx').then((m) => m.Map));
const Graph = lazyView(() => import('./views/Graph.tsx').then((m) => m.Graph));
const Paths = lazyView(() => import('./views/Paths.tsx').then((m) => m.Paths));
const Mix = lazyView(() => import('./views/Mix.tsx').then((m) => m.Mix));
const Work = lazyView(() => import('./views/Work.tsx').then((m) => m.Work));

const client = createAuralisClient();

/** Navigation entries: `match` tells whether the current path belongs to the entry (aria-current). */
const NAV: readonly { href: string; label: string; match: (path: string) => boolean }[] = [
  { href: '/', label: 'Library', match: (p) => p === '/' || p.startsWith('/track/') },
  { href: '/map', label: 'Map', match: (p) => p === '/map' },
  { href: '/graph', label: 'Graph', match: (p) => p.startsWith('/graph') },
  { href: '/paths', label: 'Paths & mixes', match: (p) => p === '/paths' || p === '/mix' },
  { href: '/work', label: 'Library work', match: (p) => p === '/work' },
];

function Nav() {
  const { path } = useLocation();
  return (
    <nav class="app-nav" aria-label="Main">
      <a class="app-brand" href="/">
        Auralis
      </a>
      <ul>
        {NAV.map((entry) => (
          <li key={entry.href}>
            <a href={entry.href} aria-current={entry.match(path) ? 'page' : undefined}>
              {entry.label}
            </a>
          </li>
        ))}
        <li>
          {/* GraphiQL is a server page, not a route of this app: a full navigation. */}
          <a href="/graphql" target="_self" data-native>
            GraphiQL
          </a>
        </li>
      </ul>
    </nav>
  );
}

/** The routes; a view that throws while rendering shows ViewError (VIEW_FAILED) until the path changes. */
function Views() {
  const { url } = useLocation();
  const [failure, setFailure] = useState<{ url: string; error: unknown } | undefined>(undefined);
  if (failure && failure.url === url) return <ViewError code={VIEW_FAILED} error={failure.error} />;
  return (
    <ErrorBoundary onError={(error) => setFailure({ url, error })}>
      <Router>
        <Route path="/" component={Library} />
        <Route path="/track/:id" component={Track} />
        <Route path="/map" component={MapView} />
        <Route path="/graph/:id?" component={Graph} />
        <Route path="/paths" component={Paths} />
        <Route path="/mix" component={Mix} />
        <Route path="/work" component={Work} />
        <Route default component={NotFound} />
      </Router>
    </ErrorBoundary>
  );
}

export function App() {
  return (
    <Provider value={client}>
      <LocationProvider scope={/^\/(?!graphql\b|audio\/|rest\/)/}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <Nav />
        <main id="main" tabIndex={-1}>
          <Views />
        </main>
      </LocationProvider>
    </Provider>
  );
}
