/**
 * Several sets of server hooks as one: document and presence hooks run in the given order, the
 * first refusal of an update wins, and authentication stays with the only set that may define it
 * (the server's).
 */
import type { ServerHooks } from '../hooks'

export function composeHooks(...all: ServerHooks[]): ServerHooks {
  const loaders = all.flatMap((hooks) => (hooks.onLoadDocument ? [hooks.onLoadDocument.bind(hooks)] : []))
  const storers = all.flatMap((hooks) => (hooks.onStoreDocument ? [hooks.onStoreDocument.bind(hooks)] : []))
  const guards = all.flatMap((hooks) => (hooks.beforeApplyUpdate ? [hooks.beforeApplyUpdate.bind(hooks)] : []))
  const presence = all.flatMap((hooks) => (hooks.onPresence ? [hooks.onPresence.bind(hooks)] : []))
  const authenticators = all.filter((hooks) => hooks.onAuthenticate)
  if (authenticators.length > 1) throw new Error('only one set of hooks may authenticate connections')
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
