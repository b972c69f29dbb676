/* eslint-disable */
import * as types from './graphql.ts';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query LibraryCounts {\n    tracks(first: 1) {\n      totalCount\n    }\n    fingerprints(first: 1) {\n      totalCount\n    }\n  }\n": typeof types.LibraryCountsDocument,
    "\n  query DimensionCatalogue {\n    fingerprintDimensions {\n      name\n      dimension\n      group\n      unit\n      description\n      weight\n      range {\n        min\n        max\n      }\n    }\n    similarityNormalisers {\n      source\n      dimensions {\n        dimension\n        lo\n        hi\n        quantiles\n      }\n    }\n  }\n": typeof types.DimensionCatalogueDocument,
    "\n  fragment JobState on Job {\n    id\n    status\n  }\n": typeof types.JobStateFragmentDoc,
    "\n  fragment UserErrorFields on UserError {\n    code\n    message\n  }\n": typeof types.UserErrorFieldsFragmentDoc,
    "\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": typeof types.PageEndFragmentDoc,
    "\n  query PlaylistPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n": typeof types.PlaylistPresetsDocument,
    "\n  query TrackSearch($search: String!) {\n    tracks(first: 8, where: { search: $search }) {\n      edges {\n        node {\n          id\n          title\n          artist\n          album\n        }\n      }\n    }\n  }\n": typeof types.TrackSearchDocument,
    "\n  query PickedTrackTags($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n  }\n": typeof types.PickedTrackTagsDocument,
    "\n  query GraphView($id: ID!, $depth: Int!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n    similarityGraph(trackIds: [$id], depth: $depth) {\n      nodes {\n        id\n        title\n        artist\n      }\n      edges {\n        source\n        target\n        similarity\n        rank\n      }\n      truncated\n    }\n  }\n": typeof types.GraphViewDocument,
    "\n  query GraphFirstTrack {\n    tracks(first: 1) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.GraphFirstTrackDocument,
    "\n  fragment LibraryRow on Track {\n    id\n    path\n    title\n    artist\n    album\n    durationSeconds\n    fingerprintStatus\n    fingerprint {\n      tempoBpm\n      lufs\n      key {\n        camelot\n      }\n    }\n  }\n": typeof types.LibraryRowFragmentDoc,
    "\n  query LibraryTracks($first: Int!, $after: String, $where: TrackWhere) {\n    tracks(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...LibraryRow\n        }\n      }\n    }\n  }\n": typeof types.LibraryTracksDocument,
    "\n  query LibraryFingerprints($first: Int!, $after: String, $where: FingerprintWhere!, $search: String) {\n    fingerprints(first: $first, after: $after, where: $where, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          track {\n            ...LibraryRow\n          }\n        }\n      }\n    }\n  }\n": typeof types.LibraryFingerprintsDocument,
    "\n  query LibraryMap {\n    libraryMap {\n      status\n      computedAt\n      count\n      placed\n      trackIds\n      x\n      y\n      job {\n        id\n        processed\n        total\n      }\n    }\n  }\n": typeof types.LibraryMapDocument,
    "\n  query LibraryMapColours($dimension: Dimension!) {\n    libraryMap {\n      values(dimension: $dimension)\n    }\n  }\n": typeof types.LibraryMapColoursDocument,
    "\n  mutation BuildLibraryMap {\n    buildLibraryMap {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.BuildLibraryMapDocument,
    "\n  query MapTrack($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n      album\n    }\n  }\n": typeof types.MapTrackDocument,
    "\n  query Mix($seeds: [ID!]!, $count: Int, $maxPerArtist: Int, $maxPerAlbum: Int, $preset: SimilarityPreset) {\n    mix(seeds: $seeds, count: $count, maxPerArtist: $maxPerArtist, maxPerAlbum: $maxPerAlbum, preset: $preset) {\n      similarityToSeed\n      similarityToPrevious\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n      seed {\n        id\n        title\n      }\n    }\n  }\n": typeof types.MixDocument,
    "\n  query PathDimensions {\n    fingerprintDimensions {\n      name\n      dimension\n      unit\n    }\n  }\n": typeof types.PathDimensionsDocument,
    "\n  query SonicPath($from: ID!, $to: ID!, $via: [ID!], $direction: [PathDirection!], $count: Int, $preset: SimilarityPreset) {\n    sonicPath(from: $from, to: $to, via: $via, direction: $direction, count: $count, preset: $preset) {\n      similarityToPrevious\n      similarityToStart\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n    }\n  }\n": typeof types.SonicPathDocument,
    "\n  query SimilarityPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n": typeof types.SimilarityPresetsDocument,
    "\n  query SimilarTracks(\n    $id: ID!\n    $first: Int!\n    $preset: SimilarityPreset\n    $weights: [DimensionWeight!]\n    $timbreWeight: Float\n    $diversity: Float\n    $maxPerArtist: Int\n  ) {\n    similarTracks(\n      trackId: $id\n      first: $first\n      preset: $preset\n      weights: $weights\n      timbreWeight: $timbreWeight\n      diversity: $diversity\n      maxPerArtist: $maxPerArtist\n    ) {\n      rank\n      similarity\n      distance\n      because\n      contributions {\n        dimension\n        share\n        normalisedDelta\n      }\n      track {\n        id\n        title\n        artist\n        album\n      }\n    }\n  }\n": typeof types.SimilarTracksDocument,
    "\n  query TrackPage($id: ID!) {\n    track(id: $id) {\n      id\n      databaseId\n      title\n      artist\n      album\n      albumArtist\n      genre\n      year\n      durationSeconds\n      codec\n      sampleRate\n      channels\n      bitrate\n      fingerprintStatus\n      lastError\n      fingerprint {\n        version\n        vector\n        tempoConfidence\n        tempoAlternateBpm\n        truePeakDbtp\n        key {\n          name\n          camelot\n          confidence\n        }\n        replayGain {\n          trackGainDb\n          trackPeak\n          albumGainDb\n          albumPeak\n        }\n      }\n    }\n  }\n": typeof types.TrackPageDocument,
    "\n  query WorkOverview {\n    libraryRoots {\n      path\n      stored\n      configured\n    }\n    libraryStats {\n      trackCount\n      missingCount\n      staleCount\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n": typeof types.WorkOverviewDocument,
    "\n  query RecentJobs {\n    jobs(first: 5) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      failed\n      createdAt\n    }\n  }\n": typeof types.RecentJobsDocument,
    "\n  mutation ScanLibraryRoot($path: String!, $maxSeconds: Float) {\n    scanLibraryRoot(path: $path, extract: true, maxSeconds: $maxSeconds) {\n      scan {\n        root\n        complete\n        files\n        added\n        updated\n        unchanged\n        stale\n        gone\n        warnings\n        toExtract\n        skipped {\n          path\n          reason\n          message\n        }\n        tagErrors {\n          path\n          message\n        }\n      }\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.ScanLibraryRootDocument,
    "\n  mutation StartExtraction($selection: ExtractionSelection!) {\n    startExtraction(input: { selection: $selection }) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.StartExtractionDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      succeeded\n      failed\n      skipped\n      currentFile\n      rate\n      etaSeconds\n      error\n      createdAt\n      finishedAt\n    }\n  }\n": typeof types.JobProgressDocument,
    "\n  query JobFailures($id: ID!, $after: String) {\n    job(id: $id) {\n      id\n      failurePage(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            path\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n": typeof types.JobFailuresDocument,
};
const documents: Documents = {
    "\n  query LibraryCounts {\n    tracks(first: 1) {\n      totalCount\n    }\n    fingerprints(first: 1) {\n      totalCount\n    }\n  }\n": types.LibraryCountsDocument,
    "\n  query DimensionCatalogue {\n    fingerprintDimensions {\n      name\n      dimension\n      group\n      unit\n      description\n      weight\n      range {\n        min\n        max\n      }\n    }\n    similarityNormalisers {\n      source\n      dimensions {\n        dimension\n        lo\n        hi\n        quantiles\n      }\n    }\n  }\n": types.DimensionCatalogueDocument,
    "\n  fragment JobState on Job {\n    id\n    status\n  }\n": types.JobStateFragmentDoc,
    "\n  fragment UserErrorFields on UserError {\n    code\n    message\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": types.PageEndFragmentDoc,
    "\n  query PlaylistPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n": types.PlaylistPresetsDocument,
    "\n  query TrackSearch($search: String!) {\n    tracks(first: 8, where: { search: $search }) {\n      edges {\n        node {\n          id\n          title\n          artist\n          album\n        }\n      }\n    }\n  }\n": types.TrackSearchDocument,
    "\n  query PickedTrackTags($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n  }\n": types.PickedTrackTagsDocument,
    "\n  query GraphView($id: ID!, $depth: Int!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n    similarityGraph(trackIds: [$id], depth: $depth) {\n      nodes {\n        id\n        title\n        artist\n      }\n      edges {\n        source\n        target\n        similarity\n        rank\n      }\n      truncated\n    }\n  }\n": types.GraphViewDocument,
    "\n  query GraphFirstTrack {\n    tracks(first: 1) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.GraphFirstTrackDocument,
    "\n  fragment LibraryRow on Track {\n    id\n    path\n    title\n    artist\n    album\n    durationSeconds\n    fingerprintStatus\n    fingerprint {\n      tempoBpm\n      lufs\n      key {\n        camelot\n      }\n    }\n  }\n": types.LibraryRowFragmentDoc,
    "\n  query LibraryTracks($first: Int!, $after: String, $where: TrackWhere) {\n    tracks(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...LibraryRow\n        }\n      }\n    }\n  }\n": types.LibraryTracksDocument,
    "\n  query LibraryFingerprints($first: Int!, $after: String, $where: FingerprintWhere!, $search: String) {\n    fingerprints(first: $first, after: $after, where: $where, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          track {\n            ...LibraryRow\n          }\n        }\n      }\n    }\n  }\n": types.LibraryFingerprintsDocument,
    "\n  query LibraryMap {\n    libraryMap {\n      status\n      computedAt\n      count\n      placed\n      trackIds\n      x\n      y\n      job {\n        id\n        processed\n        total\n      }\n    }\n  }\n": types.LibraryMapDocument,
    "\n  query LibraryMapColours($dimension: Dimension!) {\n    libraryMap {\n      values(dimension: $dimension)\n    }\n  }\n": types.LibraryMapColoursDocument,
    "\n  mutation BuildLibraryMap {\n    buildLibraryMap {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.BuildLibraryMapDocument,
    "\n  query MapTrack($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n      album\n    }\n  }\n": types.MapTrackDocument,
    "\n  query Mix($seeds: [ID!]!, $count: Int, $maxPerArtist: Int, $maxPerAlbum: Int, $preset: SimilarityPreset) {\n    mix(seeds: $seeds, count: $count, maxPerArtist: $maxPerArtist, maxPerAlbum: $maxPerAlbum, preset: $preset) {\n      similarityToSeed\n      similarityToPrevious\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n      seed {\n        id\n        title\n      }\n    }\n  }\n": types.MixDocument,
    "\n  query PathDimensions {\n    fingerprintDimensions {\n      name\n      dimension\n      unit\n    }\n  }\n": types.PathDimensionsDocument,
    "\n  query SonicPath($from: ID!, $to: ID!, $via: [ID!], $direction: [PathDirection!], $count: Int, $preset: SimilarityPreset) {\n    sonicPath(from: $from, to: $to, via: $via, direction: $direction, count: $count, preset: $preset) {\n      similarityToPrevious\n      similarityToStart\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n    }\n  }\n": types.SonicPathDocument,
    "\n  query SimilarityPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n": types.SimilarityPresetsDocument,
    "\n  query SimilarTracks(\n    $id: ID!\n    $first: Int!\n    $preset: SimilarityPreset\n    $weights: [DimensionWeight!]\n    $timbreWeight: Float\n    $diversity: Float\n    $maxPerArtist: Int\n  ) {\n    similarTracks(\n      trackId: $id\n      first: $first\n      preset: $preset\n      weights: $weights\n      timbreWeight: $timbreWeight\n      diversity: $diversity\n      maxPerArtist: $maxPerArtist\n    ) {\n      rank\n      similarity\n      distance\n      because\n      contributions {\n        dimension\n        share\n        normalisedDelta\n      }\n      track {\n        id\n        title\n        artist\n        album\n      }\n    }\n  }\n": types.SimilarTracksDocument,
    "\n  query TrackPage($id: ID!) {\n    track(id: $id) {\n      id\n      databaseId\n      title\n      artist\n      album\n      albumArtist\n      genre\n      year\n      durationSeconds\n      codec\n      sampleRate\n      channels\n      bitrate\n      fingerprintStatus\n      lastError\n      fingerprint {\n        version\n        vector\n        tempoConfidence\n        tempoAlternateBpm\n        truePeakDbtp\n        key {\n          name\n          camelot\n          confidence\n        }\n        replayGain {\n          trackGainDb\n          trackPeak\n          albumGainDb\n          albumPeak\n        }\n      }\n    }\n  }\n": types.TrackPageDocument,
    "\n  query WorkOverview {\n    libraryRoots {\n      path\n      stored\n      configured\n    }\n    libraryStats {\n      trackCount\n      missingCount\n      staleCount\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n": types.WorkOverviewDocument,
    "\n  query RecentJobs {\n    jobs(first: 5) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      failed\n      createdAt\n    }\n  }\n": types.RecentJobsDocument,
    "\n  mutation ScanLibraryRoot($path: String!, $maxSeconds: Float) {\n    scanLibraryRoot(path: $path, extract: true, maxSeconds: $maxSeconds) {\n      scan {\n        root\n        complete\n        files\n        added\n        updated\n        unchanged\n        stale\n        gone\n        warnings\n        toExtract\n        skipped {\n          path\n          reason\n          message\n        }\n        tagErrors {\n          path\n          message\n        }\n      }\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.ScanLibraryRootDocument,
    "\n  mutation StartExtraction($selection: ExtractionSelection!) {\n    startExtraction(input: { selection: $selection }) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.StartExtractionDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CancelJobDocument,
    "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      succeeded\n      failed\n      skipped\n      currentFile\n      rate\n      etaSeconds\n      error\n      createdAt\n      finishedAt\n    }\n  }\n": types.JobProgressDocument,
    "\n  query JobFailures($id: ID!, $after: String) {\n    job(id: $id) {\n      id\n      failurePage(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            path\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n": types.JobFailuresDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibraryCounts {\n    tracks(first: 1) {\n      totalCount\n    }\n    fingerprints(first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query LibraryCounts {\n    tracks(first: 1) {\n      totalCount\n    }\n    fingerprints(first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DimensionCatalogue {\n    fingerprintDimensions {\n      name\n      dimension\n      group\n      unit\n      description\n      weight\n      range {\n        min\n        max\n      }\n    }\n    similarityNormalisers {\n      source\n      dimensions {\n        dimension\n        lo\n        hi\n        quantiles\n      }\n    }\n  }\n"): (typeof documents)["\n  query DimensionCatalogue {\n    fingerprintDimensions {\n      name\n      dimension\n      group\n      unit\n      description\n      weight\n      range {\n        min\n        max\n      }\n    }\n    similarityNormalisers {\n      source\n      dimensions {\n        dimension\n        lo\n        hi\n        quantiles\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobState on Job {\n    id\n    status\n  }\n"): (typeof documents)["\n  fragment JobState on Job {\n    id\n    status\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserErrorFields on UserError {\n    code\n    message\n  }\n"): (typeof documents)["\n  fragment UserErrorFields on UserError {\n    code\n    message\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlaylistPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n"): (typeof documents)["\n  query PlaylistPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrackSearch($search: String!) {\n    tracks(first: 8, where: { search: $search }) {\n      edges {\n        node {\n          id\n          title\n          artist\n          album\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TrackSearch($search: String!) {\n    tracks(first: 8, where: { search: $search }) {\n      edges {\n        node {\n          id\n          title\n          artist\n          album\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PickedTrackTags($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n  }\n"): (typeof documents)["\n  query PickedTrackTags($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GraphView($id: ID!, $depth: Int!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n    similarityGraph(trackIds: [$id], depth: $depth) {\n      nodes {\n        id\n        title\n        artist\n      }\n      edges {\n        source\n        target\n        similarity\n        rank\n      }\n      truncated\n    }\n  }\n"): (typeof documents)["\n  query GraphView($id: ID!, $depth: Int!) {\n    track(id: $id) {\n      id\n      title\n      artist\n    }\n    similarityGraph(trackIds: [$id], depth: $depth) {\n      nodes {\n        id\n        title\n        artist\n      }\n      edges {\n        source\n        target\n        similarity\n        rank\n      }\n      truncated\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GraphFirstTrack {\n    tracks(first: 1) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query GraphFirstTrack {\n    tracks(first: 1) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LibraryRow on Track {\n    id\n    path\n    title\n    artist\n    album\n    durationSeconds\n    fingerprintStatus\n    fingerprint {\n      tempoBpm\n      lufs\n      key {\n        camelot\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment LibraryRow on Track {\n    id\n    path\n    title\n    artist\n    album\n    durationSeconds\n    fingerprintStatus\n    fingerprint {\n      tempoBpm\n      lufs\n      key {\n        camelot\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibraryTracks($first: Int!, $after: String, $where: TrackWhere) {\n    tracks(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...LibraryRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LibraryTracks($first: Int!, $after: String, $where: TrackWhere) {\n    tracks(first: $first, after: $after, where: $where) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          ...LibraryRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibraryFingerprints($first: Int!, $after: String, $where: FingerprintWhere!, $search: String) {\n    fingerprints(first: $first, after: $after, where: $where, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          track {\n            ...LibraryRow\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LibraryFingerprints($first: Int!, $after: String, $where: FingerprintWhere!, $search: String) {\n    fingerprints(first: $first, after: $after, where: $where, search: $search) {\n      totalCount\n      pageInfo {\n        ...PageEnd\n      }\n      edges {\n        node {\n          track {\n            ...LibraryRow\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibraryMap {\n    libraryMap {\n      status\n      computedAt\n      count\n      placed\n      trackIds\n      x\n      y\n      job {\n        id\n        processed\n        total\n      }\n    }\n  }\n"): (typeof documents)["\n  query LibraryMap {\n    libraryMap {\n      status\n      computedAt\n      count\n      placed\n      trackIds\n      x\n      y\n      job {\n        id\n        processed\n        total\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibraryMapColours($dimension: Dimension!) {\n    libraryMap {\n      values(dimension: $dimension)\n    }\n  }\n"): (typeof documents)["\n  query LibraryMapColours($dimension: Dimension!) {\n    libraryMap {\n      values(dimension: $dimension)\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BuildLibraryMap {\n    buildLibraryMap {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BuildLibraryMap {\n    buildLibraryMap {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MapTrack($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n      album\n    }\n  }\n"): (typeof documents)["\n  query MapTrack($id: ID!) {\n    track(id: $id) {\n      id\n      title\n      artist\n      album\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Mix($seeds: [ID!]!, $count: Int, $maxPerArtist: Int, $maxPerAlbum: Int, $preset: SimilarityPreset) {\n    mix(seeds: $seeds, count: $count, maxPerArtist: $maxPerArtist, maxPerAlbum: $maxPerAlbum, preset: $preset) {\n      similarityToSeed\n      similarityToPrevious\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n      seed {\n        id\n        title\n      }\n    }\n  }\n"): (typeof documents)["\n  query Mix($seeds: [ID!]!, $count: Int, $maxPerArtist: Int, $maxPerAlbum: Int, $preset: SimilarityPreset) {\n    mix(seeds: $seeds, count: $count, maxPerArtist: $maxPerArtist, maxPerAlbum: $maxPerAlbum, preset: $preset) {\n      similarityToSeed\n      similarityToPrevious\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n      seed {\n        id\n        title\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PathDimensions {\n    fingerprintDimensions {\n      name\n      dimension\n      unit\n    }\n  }\n"): (typeof documents)["\n  query PathDimensions {\n    fingerprintDimensions {\n      name\n      dimension\n      unit\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SonicPath($from: ID!, $to: ID!, $via: [ID!], $direction: [PathDirection!], $count: Int, $preset: SimilarityPreset) {\n    sonicPath(from: $from, to: $to, via: $via, direction: $direction, count: $count, preset: $preset) {\n      similarityToPrevious\n      similarityToStart\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n    }\n  }\n"): (typeof documents)["\n  query SonicPath($from: ID!, $to: ID!, $via: [ID!], $direction: [PathDirection!], $count: Int, $preset: SimilarityPreset) {\n    sonicPath(from: $from, to: $to, via: $via, direction: $direction, count: $count, preset: $preset) {\n      similarityToPrevious\n      similarityToStart\n      because\n      track {\n        id\n        title\n        artist\n        album\n        durationSeconds\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SimilarityPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n"): (typeof documents)["\n  query SimilarityPresets {\n    similarityPresets {\n      preset\n      title\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SimilarTracks(\n    $id: ID!\n    $first: Int!\n    $preset: SimilarityPreset\n    $weights: [DimensionWeight!]\n    $timbreWeight: Float\n    $diversity: Float\n    $maxPerArtist: Int\n  ) {\n    similarTracks(\n      trackId: $id\n      first: $first\n      preset: $preset\n      weights: $weights\n      timbreWeight: $timbreWeight\n      diversity: $diversity\n      maxPerArtist: $maxPerArtist\n    ) {\n      rank\n      similarity\n      distance\n      because\n      contributions {\n        dimension\n        share\n        normalisedDelta\n      }\n      track {\n        id\n        title\n        artist\n        album\n      }\n    }\n  }\n"): (typeof documents)["\n  query SimilarTracks(\n    $id: ID!\n    $first: Int!\n    $preset: SimilarityPreset\n    $weights: [DimensionWeight!]\n    $timbreWeight: Float\n    $diversity: Float\n    $maxPerArtist: Int\n  ) {\n    similarTracks(\n      trackId: $id\n      first: $first\n      preset: $preset\n      weights: $weights\n      timbreWeight: $timbreWeight\n      diversity: $diversity\n      maxPerArtist: $maxPerArtist\n    ) {\n      rank\n      similarity\n      distance\n      because\n      contributions {\n        dimension\n        share\n        normalisedDelta\n      }\n      track {\n        id\n        title\n        artist\n        album\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrackPage($id: ID!) {\n    track(id: $id) {\n      id\n      databaseId\n      title\n      artist\n      album\n      albumArtist\n      genre\n      year\n      durationSeconds\n      codec\n      sampleRate\n      channels\n      bitrate\n      fingerprintStatus\n      lastError\n      fingerprint {\n        version\n        vector\n        tempoConfidence\n        tempoAlternateBpm\n        truePeakDbtp\n        key {\n          name\n          camelot\n          confidence\n        }\n        replayGain {\n          trackGainDb\n          trackPeak\n          albumGainDb\n          albumPeak\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TrackPage($id: ID!) {\n    track(id: $id) {\n      id\n      databaseId\n      title\n      artist\n      album\n      albumArtist\n      genre\n      year\n      durationSeconds\n      codec\n      sampleRate\n      channels\n      bitrate\n      fingerprintStatus\n      lastError\n      fingerprint {\n        version\n        vector\n        tempoConfidence\n        tempoAlternateBpm\n        truePeakDbtp\n        key {\n          name\n          camelot\n          confidence\n        }\n        replayGain {\n          trackGainDb\n          trackPeak\n          albumGainDb\n          albumPeak\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkOverview {\n    libraryRoots {\n      path\n      stored\n      configured\n    }\n    libraryStats {\n      trackCount\n      missingCount\n      staleCount\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query WorkOverview {\n    libraryRoots {\n      path\n      stored\n      configured\n    }\n    libraryStats {\n      trackCount\n      missingCount\n      staleCount\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentJobs {\n    jobs(first: 5) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      failed\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query RecentJobs {\n    jobs(first: 5) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      failed\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScanLibraryRoot($path: String!, $maxSeconds: Float) {\n    scanLibraryRoot(path: $path, extract: true, maxSeconds: $maxSeconds) {\n      scan {\n        root\n        complete\n        files\n        added\n        updated\n        unchanged\n        stale\n        gone\n        warnings\n        toExtract\n        skipped {\n          path\n          reason\n          message\n        }\n        tagErrors {\n          path\n          message\n        }\n      }\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ScanLibraryRoot($path: String!, $maxSeconds: Float) {\n    scanLibraryRoot(path: $path, extract: true, maxSeconds: $maxSeconds) {\n      scan {\n        root\n        complete\n        files\n        added\n        updated\n        unchanged\n        stale\n        gone\n        warnings\n        toExtract\n        skipped {\n          path\n          reason\n          message\n        }\n        tagErrors {\n          path\n          message\n        }\n      }\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartExtraction($selection: ExtractionSelection!) {\n    startExtraction(input: { selection: $selection }) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartExtraction($selection: ExtractionSelection!) {\n    startExtraction(input: { selection: $selection }) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      job {\n        ...JobState\n      }\n      userErrors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      succeeded\n      failed\n      skipped\n      currentFile\n      rate\n      etaSeconds\n      error\n      createdAt\n      finishedAt\n    }\n  }\n"): (typeof documents)["\n  subscription JobProgress($id: ID!) {\n    jobProgress(id: $id) {\n      id\n      kind\n      status\n      selection\n      processed\n      total\n      succeeded\n      failed\n      skipped\n      currentFile\n      rate\n      etaSeconds\n      error\n      createdAt\n      finishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobFailures($id: ID!, $after: String) {\n    job(id: $id) {\n      id\n      failurePage(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            path\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobFailures($id: ID!, $after: String) {\n    job(id: $id) {\n      id\n      failurePage(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            path\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;