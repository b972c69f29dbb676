/**
 * Literal substring search with SQL LIKE. The text a user types is matched as it is: LIKE's wildcards
 * (`%` any run, `_` any one character) and the escape character `\` itself are escaped with `\`, and the
 * condition (TrackRepository's search) names `\` as the escape character (`ESCAPE '\'`), so that a search for `50%` finds `50% Off`
 * and not `500 Miles`. SQLite's LIKE ignores case for ASCII letters only.
 */

/** The pattern `%text%` with `%`, `_` and `\` in `text` escaped, for a `like … escape '\\'` condition. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

