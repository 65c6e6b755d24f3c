/**
 * Facilitation on the server, wired in one place: roles by link (authentication of every sync
 * connection, links API, download tokens), the per-message update policy (roles, locks, voting), the board's tldraw
 * schema kept at the bundled version (server/schema), named snapshots and the clock endpoint.
 * `startServer` creates one, composes its hooks with the others and lets it register its routes.
 */
import path from 'node:path'
import type { BoardSessions, ServerHooks, WriteQuotas } from './hooks'
import { registerDownloadRoutes } from './http/download-routes'
import { registerLinkRoutes } from './features/access/access'
import type { Router } from './http/router'
import { registerSnapshotRoutes } from './features/named-snapshots/named-snapshots'
import { registerTimeRoute } from './features/server-clock'
import type { Logger } from './log'
import { createPolicyHooks } from './features/update-policy/update-policy'
import { BoardDocs } from './features/board-docs'
import { composeHooks } from './features/feature'
import { BoardAccess } from './features/access/board-access'
import type { DownloadTokens } from './features/access/download-tokens'
import { createSchemaHooks } from './features/schema-upkeep'
import { BoardSnapshots } from './features/named-snapshots/board-snapshots'
import { SnapshotStore } from './features/named-snapshots/snapshot-store'
import type { BoardStorage } from './storage/board-storage'

export interface FacilitationOptions {
  storage: BoardStorage
  dataDir: string
  logger: Logger
  publicUrl: string | null
  /** Issues the download tokens of plain download links (the routes that serve them check them). */
  downloads: DownloadTokens
  /** What participants, viewers and the stage may write. */
  quotas: WriteQuotas
}

export interface Facilitation {
  readonly access: BoardAccess
  /**
   * `hooks` with link authentication and the update policy. A custom `onAuthenticate` in `hooks`
   * replaces the link check (an embedder decides identities itself); the policy then still
   * restricts the roles it knows ('participant', 'viewer').
   */
  withHooks(hooks: ServerHooks): ServerHooks
  /** `sessions`: the boards' open connections (renewing a link closes those that used the old one). */
  registerRoutes(router: Router, sessions: BoardSessions): void
}

export function createFacilitation(options: FacilitationOptions): Facilitation {
  const { storage, logger } = options
  const access = new BoardAccess({ storage, logger, quotas: options.quotas })
  const docs = new BoardDocs(storage)
  const snapshots = new BoardSnapshots({ docs, store: new SnapshotStore(path.join(options.dataDir, 'snapshots')), logger })
  const policy = createPolicyHooks()
  const schemaUpkeep = createSchemaHooks(logger)
  return {
    access,
    withHooks({ onAuthenticate, ...others }) {
      const authentication: ServerHooks = onAuthenticate ? { onAuthenticate } : access.hooks
      // The schema upkeep runs on load before anyone is joined, so every client finds the bundled schema.
      return composeHooks(authentication, docs.hooks, schemaUpkeep, others, policy)
    },
    registerRoutes(router, sessions) {
      registerLinkRoutes(router, { storage, access, publicUrl: options.publicUrl, sessions })
      registerDownloadRoutes(router, { storage, downloads: options.downloads })
      registerSnapshotRoutes(router, { docs, snapshots })
      registerTimeRoute(router)
    },
  }
}
