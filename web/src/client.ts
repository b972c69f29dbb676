/**
 * The web app's GraphQL client: urql over `/graphql` (same origin) with graphcache's normalised cache, and
 * subscriptions over yoga's Server-Sent Events (urql's fetch transport reads `text/event-stream` when
 * `fetchSubscriptions` is on). Mutations carry `Authorization: Bearer <token>` when a token is stored
 * (AURALIS_API_TOKEN; `setApiToken`).
 */
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange, type KeyingConfig } from '@urql/exchange-graphcache';

/**
 * Object types with no `id`: graphcache stores them inside their parent entity (key null) rather than
 * warning. `Track` and `Job` are keyed by their global `id` as usual; a dimension by its name.
 */
const EMBEDDED_TYPES = [
  'AddTrackPayload', 'BuildSimilarityGraphPayload', 'CancelJobPayload', 'DeleteFingerprintPayload', 'DeleteTrackPayload',
  'DimensionContribution', 'DimensionNormaliser', 'DimensionStatistics', 'DistanceMatrix', 'DynamicsDimensions',
  'ExtractFingerprintPayload', 'FingerprintConnection', 'FingerprintConnectionEdge', 'FingerprintGroups',
  'FrequencyDimensions', 'HarmonicDimensions', 'JobFailure', 'LibraryRoot', 'LibraryStats', 'MissingFingerprintConnection',
  'MissingFingerprintConnectionEdge', 'MixTrack', 'MusicalKey', 'PageInfo', 'PathStep', 'RecomputeNormalisersPayload',
  'ReplayGain', 'SimilarTrack', 'SimilarityGraph', 'SimilarityGraphEdge', 'SimilarityNormalisers', 'SpectralDimensions',
  'StartExtractionPayload', 'StatusCount', 'StereoDimensions', 'TemporalDimensions', 'TrackComparison', 'TrackConnection',
  'TrackConnectionEdge', 'TrackFingerprint', 'UpdateTrackPayload', 'UpsertFingerprintPayload', 'UserError', 'ValueRange',
  'VariationDimensions',
] as const;

const keys: KeyingConfig = {
  ...Object.fromEntries(EMBEDDED_TYPES.map((type) => [type, () => null])),
  FingerprintDimension: (data) => (typeof data.name === 'string' ? data.name : null),
};

const TOKEN_KEY = 'auralis.apiToken';

/** The bearer token mutations send (kept in sessionStorage for this tab); undefined clears it. */
export function setApiToken(token: string | undefined): void {
  if (token === undefined || token === '') sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

export function apiToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** A client for the server that served the page (`url` for tests or another origin in AURALIS_CORS_ORIGINS). */
export function createAuralisClient(url = '/graphql'): Client {
  return new Client({
    url,
    exchanges: [cacheExchange({ keys }), fetchExchange],
    fetchSubscriptions: true,
    requestPolicy: 'cache-first',
    fetchOptions: () => {
      const token = apiToken();
      return token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } };
    },
  });
}
