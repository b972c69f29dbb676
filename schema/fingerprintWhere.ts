/** The `FloatRange` and `FingerprintWhere` inputs, generated from the dimension catalogue. */
import { DIMENSIONS } from '../server/fingerprint/dimensions.ts';
import { builder } from '../server/graphql/builder.ts';
import type { FloatRange as FloatRangeInput } from '../server/db/dimensionRanges.ts';
import type { FingerprintWhere as FingerprintWhereInput } from '../server/db/fingerprintWhere.ts';

export const FloatRange = builder.inputRef<FloatRangeInput>('FloatRange').implement({
  description: 'An interval on one dimension, in its physical unit. Omitted bounds are open.',
  fields: (t) => ({
    gte: t.float({ description: 'value ≥ gte' }),
    lte: t.float({ description: 'value ≤ lte' }),
    gt: t.float({ description: 'value > gt' }),
    lt: t.float({ description: 'value < lt' }),
  }),
});

export const FingerprintWhere = builder.inputRef<FingerprintWhereInput>('FingerprintWhere').implement({
  description:
    'Range filter over the 25 dimensions. Ranges at one level are combined with AND, as are the members of ' +
    '`and`; `or` matches when any member matches; `not` matches when none of its members match. Example: ' +
    '`{lufs: {gte: -14, lte: -10}, tempoBpm: {gte: 118, lte: 122}}`.',
  fields: (t) => ({
    ...Object.fromEntries(
      DIMENSIONS.map((d) => [
        d.key,
        t.field({ type: FloatRange, description: `${d.unit}: ${d.description}` }),
      ]),
    ),
    and: t.field({ type: [FingerprintWhere], description: 'Every member matches.' }),
    or: t.field({ type: [FingerprintWhere], description: 'At least one member matches (empty list: nothing).' }),
    not: t.field({ type: [FingerprintWhere], description: 'No member matches.' }),
  }),
});
