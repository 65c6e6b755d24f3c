/**
 * What a server feature is, and how their hooks run together. Each feature (access by link, the
 * update policy, the archive, the minutes…) is one module that gives its hooks (hooks.ts) and
 * registers its HTTP routes; `startServer` lists them once, in the order their hooks run (app.ts).
 */
import type { BoardSessions, ServerHooks } from '../hooks'
import type { Router } from '../http/router'

export interface ServerFeature {
  /** What the feature decides or does for every room. */
  readonly hooks?: ServerHooks
  /**
   * Registers the feature's endpoints. `sessions` are the boards' open connections, for a feature
   * that ends some (renewing a link).
   */
  registerRoutes?(router: Router, sessions: BoardSessions): void
}

/**
 * The hooks of all features as one: document and presence hooks run in the features' order, the
 * first refusal of an update wins, and only one feature may authenticate connections.
 */
export function composeHooks(features: readonly ServerFeature[]): ServerHooks {
  const all = features.flatMap((feature) => (feature.hooks ? [feature.hooks] : []))
  const loaders = all.flatMap((hooks) => (hooks.onLoadDocument ? [hooks.onLoadDocument.bind(hooks)] : []))
  const storers = all.flatMap((hooks) => (hooks.onStoreDocument ? [hooks.onStoreDocument.bind(hooks)] : []))
  const guards = all.flatMap((hooks) => (hooks.beforeApplyUpdate ? [hooks.beforeApplyUpdate.bind(hooks)] : []))
  const presence = all.flatMap((hooks) => (hooks.onPresence ? [hooks.onPresence.bind(hooks)] : []))
  const authenticators = all.filter((hooks) => hooks.onAuthenticate)
  if (authenticators.length > 1) throw new Error('only one feature may authenticate connections')
  const authenticator = authenticators[0]
  return {
    ...(authenticator ? { onAuthenticate: authenticator.onAuthenticate!.bind(authenticator) } : {}),
    async onLoadDocument(context) {
      for (const load of loaders) await load(context)
    },
    async onStoreDocument(context) {
      for (const store of storers) await store(context)
    },
    beforeApplyUpdate(context) {
      for (const guard of guards) {
        const verdict = guard(context)
        if (verdict !== true) return verdict
      }
      return true
    },
    ...(presence.length > 0
      ? {
          onPresence(context) {
            for (const onPresence of presence) onPresence(context)
          },
        }
      : {}),
  }
}
