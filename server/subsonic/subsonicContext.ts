/** What a `/rest/` handler works with: the request's parameters, its own EntityManager fork, the settings, the user. */
import type { EntityManager } from '@mikro-orm/sql';
import type { AuralisConfig } from '../config.ts';
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
  /** The user's stars (Subsonic item id → when starred), read once per request; empty without a user. */
  stars(): Promise<ReadonlyMap<string, Date>>;
}

/** `{ starred }` (ISO 8601) when `id` is in `stars`, else nothing: spread into an entry. */
export function starredField(stars: ReadonlyMap<string, Date>, id: string): { starred?: string } {
  const at = stars.get(id);
  return at === undefined ? {} : { starred: at.toISOString() };
}

/** A method's handler: the answer's fields besides the envelope, or a thrown SubsonicError / AuralisError. */
export type SubsonicHandler = (context: SubsonicContext) => Promise<SubsonicBody>;

/** A context for one request. */
export function subsonicContext(params: SubsonicParams, em: EntityManager, config: AuralisConfig, user: UserRecord | null): SubsonicContext {
  let roots: Promise<string[]> | undefined;
  let stars: Promise<ReadonlyMap<string, Date>> | undefined;
  const readStars = async () =>
    new Map(user === null ? [] : (await new StarRepository(em).all(user.id)).map((star) => [star.itemId, star.starredAt] as const));
  return {
    params,
    em,
    config,
    user,
    roots: () => (roots ??= new LibraryRootService(em, config.libraryRoots).paths()),
    stars: () => (stars ??= readStars()),
  };
}
