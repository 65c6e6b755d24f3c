import { useCallback, useEffect, useMemo, useState, type ComponentType, type ReactNode } from 'react'
import { Tldraw, computed, createTLStore, useValue, type Editor, type TLComponents, type TLStore } from 'tldraw'
import 'tldraw/tldraw.css'
import { useI18n } from '../../i18n/I18nProvider'
import { NotFoundPage } from '../../app/NotFoundPage'
import { PublicLinks } from '../../app/PublicLinks'
import { BoardConnection } from '../../sync/board-connection'
import { bindStoreToDoc, NewerSchemaError } from '../../sync/tldraw/binding'
import { currentRole } from '../../session/board-access'
import { bindPresence } from '../../sync/tldraw/presence'
import { createAssetStore } from '../../sync/tldraw/asset-store'
import { boardShapeUtils, storeSchemaOptions } from './board-schema'
import { boardContextValue } from '../context/board-context'
import { createShapeEnvironment } from '../shapes/shape-environment'
import { currentUser, keepTldrawUserInStep, setTldrawLocale } from './tldraw-user'
import { tldrawAssetUrls } from './tldraw-assets'
import { SyncStatusBadge } from '../../ui/SyncStatusBadge'
import { LinkRequiredPage } from '../../app/LinkRequiredPage'
import { BOARD_MAP } from '../../../shared/model/board-meta'
import { RECORDS_ARRAY } from '../../../shared/model/record-log'
import { CloseCode, isGoneClose, isLinkClose } from '../../../shared/protocol/close-codes'
import { partBlock } from '../../../shared/rules/write-rules'
import { keepContentOnThisServer, withoutEmbeds } from './own-content'
import { zoomInFreeArea } from './zoom-in-free-area'
import type { LegibleType } from '../shapes/card/legible-type'

/**
 * What a page adds to the live board without the session logic knowing about it: tldraw
 * components (merged over the board's own) and a frame around the canvas for context providers
 * and panels that need the connection and the editor.
 */
export interface BoardExtension {
  /** A stable object (tldraw re-creates its UI when it changes). */
  components?: TLComponents
  Frame?: ComponentType<{ connection: BoardConnection; editor: Editor | null; children: ReactNode }>
  /** A view that only watches (the projector stage): it does not show itself to the others. */
  watchOnly?: boolean
  /** The smallest type cards show on screen in this view. */
  legibleType?: LegibleType
}

/** Changes to tldraw's menus and actions (one array: tldraw re-creates its UI when it changes). */
const OVERRIDES = [withoutEmbeds, zoomInFreeArea]

/** How long a fresh page waits for the server before showing the local copy (or an empty board). */
const FIRST_SYNC_WAIT_MS = 4000

type Session =
  | { state: 'loading' }
  | { state: 'ready'; connection: BoardConnection; store: TLStore }
  | { state: 'newer-schema' }
  | { state: 'error'; message: string }

/**
 * Opens the board's shared document and mounts the canvas on it. Order matters: the local copy is
 * read first; without one (a first visit) we give the server a moment to deliver the current
 * state, and only then is the tldraw store bound, so a late server state never has to fight a
 * default empty page. With one, the canvas opens from it at once and the server's changes merge
 * in as they arrive, as any later change does.
 */
function useBoardSession(boardId: string, onAssetRefused: (message: string) => void, watchOnly: boolean): Session {
  const [session, setSession] = useState<Session>({ state: 'loading' })

  useEffect(() => {
    let disposed = false
    const cleanups: (() => void)[] = []
    // Before tldraw or our presence reads the user: the same person as on the capture page.
    cleanups.push(keepTldrawUserInStep())
    const connection = new BoardConnection(boardId)
    cleanups.push(() => connection.destroy())

    async function open() {
      await connection.whenLocalLoaded()
      if (connection.doc.getArray(RECORDS_ARRAY).length === 0) await connection.whenServerSyncedOrTimeout(FIRST_SYNC_WAIT_MS)
      if (disposed) return
      const store = createTLStore({
        ...storeSchemaOptions,
        assets: createAssetStore(boardId, onAssetRefused),
        collaboration: {
          status: computed('collaboration status', () =>
            connection.status.get().state === 'connected' ? 'online' : 'offline',
          ),
        },
      })
      try {
        const binding = bindStoreToDoc(store, connection.doc, {
          // Only the facilitator writes the schema; the server gives everyone else the current one.
          writeSchema: partBlock(BOARD_MAP, true, currentRole(boardId)) === null,
          // A newer client upgraded the board while we had it open: stop showing a stale canvas.
          onNewerSchema: () => {
            if (!disposed) setSession({ state: 'newer-schema' })
          },
        })
        cleanups.push(() => binding.dispose())
      } catch (error) {
        setSession(error instanceof NewerSchemaError ? { state: 'newer-schema' } : { state: 'error', message: String(error) })
        return
      }
      if (!watchOnly) cleanups.push(bindPresence(store, connection.provider.awareness, currentUser))
      setSession({ state: 'ready', connection, store })
    }
    open().catch((error: unknown) => {
      if (!disposed) setSession({ state: 'error', message: String(error) })
    })

    return () => {
      disposed = true
      for (const cleanup of cleanups.reverse()) cleanup()
    }
    // onAssetRefused is a stable setter from the caller
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId])

  return session
}

export function BoardCanvas({
  boardId,
  licenseKey,
  extension,
}: {
  boardId: string
  licenseKey: string | null
  extension?: BoardExtension
}) {
  const { t, locale } = useI18n()
  const [assetError, setAssetError] = useState<string | null>(null)
  const [pasteLeftOut, setPasteLeftOut] = useState(false)
  const onPasteLeftOut = useCallback(() => setPasteLeftOut(true), [])
  const session = useBoardSession(boardId, setAssetError, extension?.watchOnly === true)

  useEffect(() => setTldrawLocale(locale), [locale])

  switch (session.state) {
    case 'loading':
      return <p className="board-loading" role="status">{t('board.loading')}</p>
    case 'newer-schema':
      return (
        <main className="page page--narrow" role="alert">
          <h1>{t('board.newerSchema.title')}</h1>
          <p>{t('board.newerSchema.body')}</p>
        </main>
      )
    case 'error':
      return (
        <main className="page page--narrow" role="alert">
          <h1>{t('board.error.title')}</h1>
          <p>{session.message}</p>
          <p>
            <a href="/">{t('board.backToStart')}</a>
          </p>
        </main>
      )
    case 'ready':
      return (
        <LiveBoard
          connection={session.connection}
          store={session.store}
          licenseKey={licenseKey}
          extension={extension}
          onPasteLeftOut={onPasteLeftOut}
        >
          {assetError && (
            <div className="board-toast error" role="alert" onClick={() => setAssetError(null)}>
              {t('asset.refused', { message: assetError })}
            </div>
          )}
          {pasteLeftOut && (
            <div className="board-toast" role="alert" data-testid="paste-left-out" onClick={() => setPasteLeftOut(false)}>
              {t('paste.leftOut')}
            </div>
          )}
        </LiveBoard>
      )
  }
}

function LiveBoard({
  connection,
  store,
  licenseKey,
  extension,
  onPasteLeftOut,
  children,
}: {
  connection: BoardConnection
  store: TLStore
  licenseKey: string | null
  extension?: BoardExtension
  onPasteLeftOut(): void
  children: ReactNode
}) {
  const status = useValue('sync status', () => connection.status.get(), [connection])
  const i18n = useI18n()
  // Created once per connection: tldraw re-creates the editor when its shape utils change.
  const [environment] = useState(() => createShapeEnvironment(boardContextValue(connection), i18n, extension?.legibleType ?? null))
  useEffect(() => {
    environment.i18n.set(i18n)
  }, [environment, i18n])
  const shapeUtils = useMemo(() => boardShapeUtils(environment), [environment])
  const [editor, setEditor] = useState<Editor | null>(null)
  const onMount = useCallback(
    (mounted: Editor) => {
      // After tldraw registered its own handlers: pasted URLs and embeds load nothing from elsewhere.
      keepContentOnThisServer(mounted, { boardId: connection.boardId, onLeftOut: onPasteLeftOut })
      setEditor(mounted)
    },
    [connection, onPasteLeftOut],
  )
  const components = useMemo<TLComponents>(
    () => ({ SharePanel: () => <SyncStatusBadge connection={connection} />, ...extension?.components }),
    [connection, extension?.components],
  )
  // The server closes with these codes when the board never existed or was deleted meanwhile.
  if (status.state === 'closed' && isGoneClose(status.code)) return <NotFoundPage deleted={status.code === CloseCode.boardDeleted} />
  if (status.state === 'closed' && isLinkClose(status.code)) return <LinkRequiredPage renewed={status.code === CloseCode.linkRenewed} />
  const canvas = (
    <Tldraw
      store={store}
      shapeUtils={shapeUtils}
      assetUrls={tldrawAssetUrls}
      licenseKey={licenseKey ?? undefined}
      components={components}
      overrides={OVERRIDES}
      onMount={onMount}
    />
  )
  const Frame = extension?.Frame
  return (
    <div className="board">
      {Frame ? (
        <Frame connection={connection} editor={editor}>
          {canvas}
        </Frame>
      ) : (
        canvas
      )}
      {children}
      <PublicLinks overlay />
    </div>
  )
}
