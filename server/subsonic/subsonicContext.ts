/** What a `/rest/` handler works with: the request's parameters, its own EntityManager fork, the settings, the user. */
import type { EntityManager } from '@mikro-orm/sql';
import type { AuralisConfig } from '../config.ts';
import { RatingRepository } from '../db/RatingRepository.ts';
import { StarRepository } from '../db/StarRepository.ts';
import type { UserRecord } from '../db/UserRepository.ts';
import { LibraryRootService } from '../library/libraryRoots.ts';
import type { SubsonicParams } from './subsonicParams.ts';
import type { SubsonicBody } from './subsonicResponse.ts';

export interface SubsonicContext {
  readonly params: SubsonicParams;
  readonly em: EntityManager;
  readonly config: AuralisConfig;
  /** Null only for the public methods (getOpenSubsonicExtensions). */
  readonly user: UserRecord | null;
  /** The library roots (configured and stored), read once per request. */
  roots(): Promise<string[]>;
  /** The user's stars and ratings, read once per request; empty without a user. */
  marks(): Promise<UserMarks>;
}

/** What a user marked, by Subsonic item id (a song's track id in decimal, `al-…`, `ar-…`). */
export interface UserMarks {
  /** When starred, latest first. */
  readonly stars: ReadonlyMap<string, Date>;
  /** 1…5. */
  readonly ratings: ReadonlyMap<string, number>;
}

/** `{ starred }` (ISO 8601) when the user starred `id`, else nothing: spread into an entry (ArtistID3 has no rating). */
export function starredField(marks: UserMarks, id: string): { starred?: string } {
  const at = marks.stars.get(id);
  return at === undefined ? {} : { starred: at.toISOString() };
}

/** `{ starred, userRating }` as far as the user starred or rated `id`: spread into a Child, AlbumID3, Artist or Directory. */
export function markFields(marks: UserMarks, id: string): { starred?: string; userRating?: number } {
  const rating = marks.ratings.get(id);
  return { ...starredField(marks, id), ...(rating === undefined ? {} : { userRating: rating }) };
}

/** A method's handler: the answer's fields besides the envelope, or a thrown SubsonicError / AuralisError. */
export type SubsonicHandler = (context: SubsonicContext) => Promise<SubsonicBody>;

/** A context for one request. */
export function subsonicContext(params: SubsonicParams, em: EntityManager, config: AuralisConfig, user: UserRecord | null): SubsonicContext {
  let roots: Promise<string[]> | undefined;
  let marks: Promise<UserMarks> | undefined;
  const readMarks = async (): Promise<UserMarks> => {
    if (user === null) return { stars: new Map(), ratings: new Map() };
    const [stars, ratings] = await Promise.all([new StarRepository(em).all(user.id), new RatingRepository(em).all(user.id)]);
    return { stars: new Map(stars.map((star) => [star.itemId, star.starredAt] as const)), ratings };
  };
  return {
    params,
    em,
    config,
    user,
    roots: () => (roots ??= new LibraryRootService(em, config.libraryRoots).paths()),
    marks: () => (marks ??= readMarks()),
  };
}
