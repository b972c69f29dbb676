/**
 * The app shell: the urql client, the path router (preact-iso) and the navigation. The library and track
 * views load with the shell; the others are split into their own chunks (`lazy`), loaded on first visit.
 */
import { Provider } from '@urql/preact';
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { createAuralisClient } from './client.ts';
import { Library } from './views/Library.tsx';
import { NotFound } from './views/NotFound.tsx';
import { Track } from './views/Track.tsx';

const MapView = lazy(() => import('./views/Map.tsx').then((m) => m.Map));
const Graph = lazy(() => import('./views/Graph.tsx').then((m) => m.Graph));
const Paths = lazy(() => import('./views/Paths.tsx').then((m) => m.Paths));
const Mix = lazy(() => import('./views/Mix.tsx').then((m) => m.Mix));
const Work = lazy(() => import('./views/Work.tsx').then((m) => m.Work));

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

export function App() {
  return (
    <Provider value={client}>
      <LocationProvider scope={/^\/(?!graphql\b|audio\/|rest\/)/}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <Nav />
        <main id="main" tabIndex={-1}>
          <ErrorBoundary>
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
        </main>
      </LocationProvider>
    </Provider>
  );
}
