import type { EntityManager, MikroORM } from '@mikro-orm/sql';
import type { AuralisConfig } from '../config.ts';
import { type JobManager, serverJobManager } from '../extraction/jobManager.ts';
import { FingerprintService } from '../library/fingerprintService.ts';
import { LibraryRootService } from '../library/libraryRoots.ts';
import { LibraryScanService } from '../library/libraryScanService.ts';
import { LibraryStatsService } from '../library/libraryStatsService.ts';
import { TrackService } from '../library/trackService.ts';
import { GraphService } from '../similarity/graph.ts';
import { LibraryMapService } from '../similarity/libraryMap.ts';
import { MixService } from '../similarity/mix.ts';
import { SimilarityService } from '../similarity/similarityService.ts';
import { PathService } from '../similarity/sonicPath.ts';
import { authenticate, type RequestAuth } from './auth.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** Everything one GraphQL request works with; born per request, never shared. */
export interface AuralisContext {
  readonly config: AuralisConfig;
  /** This request's own EntityManager fork (its own identity map and unit of work). */
  readonly em: EntityManager;
  readonly loaders: Loaders;
  readonly auth: RequestAuth;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal | undefined;
  readonly tracks: TrackService;
  readonly fingerprints: FingerprintService;
  readonly stats: LibraryStatsService;
  /** The library roots: stored by `auralis scan` ∪ AURALIS_LIBRARY_ROOTS (server/library/libraryRoots.ts). */
  readonly libraryRoots: LibraryRootService;
  /** scanLibraryRoot: scans a folder inside the roots (server/library/libraryScanService.ts). */
  readonly scans: LibraryScanService;
  /** similarTracks / compareTracks / normalisers (server/similarity/). */
  readonly similarity: SimilarityService;
  /** sonicPath (server/similarity/sonicPath.ts). */
  readonly paths: PathService;
  /** mix (server/similarity/mix.ts). */
  readonly mixes: MixService;
  /** The stored kNN graph: Track.neighbours, similarityGraph (server/similarity/graph.ts). */
  readonly graph: GraphService;
  /** The stored 2-D library map: libraryMap (server/similarity/libraryMap.ts). */
  readonly libraryMap: LibraryMapService;
  /** Extraction jobs of this server (one manager per ORM, server/extraction/jobManager.ts). */
  readonly jobs: JobManager;
}

/** Builds the context of one request: EntityManager fork, DataLoaders, services bound to them, auth. */
export function createContext(orm: MikroORM, config: AuralisConfig, request: Request): AuralisContext {
  const em = orm.em.fork();
  // The manager lives as long as the ORM: its roots are read on a fresh fork, not this request's.
  const jobs = serverJobManager(orm, config);
  const loaders = createLoaders(em, jobs);
  const libraryRoots = new LibraryRootService(em, config.libraryRoots);
  const roots = () => libraryRoots.paths();
  const tracks = new TrackService(em, roots);
  const similarity = new SimilarityService(em, roots);
  return {
    config,
    em,
    loaders,
    auth: authenticate(request.headers, config.apiToken),
    // Read lazily: the fetch adapter builds the AbortSignal on first access, and only extraction needs it.
    get signal() {
      return request.signal;
    },
    tracks,
    fingerprints: new FingerprintService(em, roots),
    stats: new LibraryStatsService(em),
    libraryRoots,
    scans: new LibraryScanService(orm, roots),
    similarity,
    paths: new PathService(em, similarity),
    mixes: new MixService(em, similarity),
    graph: new GraphService(em),
    libraryMap: new LibraryMapService(em),
    jobs,
  };
}
