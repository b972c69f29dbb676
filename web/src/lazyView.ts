/**
 * A view in its own chunk (preact-iso `lazy`, loaded on first visit). When the chunk cannot be fetched (the server
 * is down, or was restarted with a new build) the route shows ViewError (VIEW_LOAD_FAILED) instead of staying blank.
 */
import { h, type ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import { VIEW_LOAD_FAILED, ViewError } from './views/ViewError.tsx';

export function lazyView(load: () => Promise<ComponentType>): ComponentType {
  return lazy(() => load().catch((error: unknown) => () => h(ViewError, { code: VIEW_LOAD_FAILED, error })));
}
