/** The schema: importing each type module registers its types and fields on the builder. */
import { builder } from '../server/graphql/builder.ts';
import './root.ts';
import './scalars.ts';
import './userError.ts';
import './dimension.ts';
import './fingerprintWhere.ts';
import './track.ts';
import './fingerprint.ts';
import './fingerprintFacts.ts';
import './libraryStats.ts';
import './similarityPreset.ts';
import './similarity.ts';
import './paths.ts';
import './mix.ts';
import './distanceMatrix.ts';
import './job.ts';
import './graph.ts';
import './libraryRoot.ts';

export const schema = builder.toSchema({ sortSchema: true });
