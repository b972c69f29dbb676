/**
 * Fragments the web app's operations share: what a started or cancelled job reports back, a payload's named
 * errors, and the end of a keyset page. graphql-codegen's client preset includes each in every document that
 * spreads it (`...JobState`).
 */
import { graphql } from './gql/index.ts';

/** A job as a mutation that starts or stops it answers. */
export const JobStateFragment = graphql(`
  fragment JobState on Job {
    id
    status
  }
`);

/** A payload's `userErrors` entry: the code and what was expected. */
export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    code
    message
  }
`);

/** Where a keyset page ends and whether another follows (Relay `PageInfo`). */
export const PageEndFragment = graphql(`
  fragment PageEnd on PageInfo {
    hasNextPage
    endCursor
  }
`);
