import './facilitation.css'
import { useEffect, useState, type ReactNode } from 'react'
import type { Editor } from 'tldraw'
import { readStage, writeStage } from '../../../shared/model/stage'
import { lockBlock, writesDocument } from '../../../shared/rules/write-rules'
import { useI18n } from '../../i18n/I18nProvider'
import { pluralKey } from '../../i18n/plural'
import { useBoard } from '../context/board-context'
import { useReadonlyWhile } from '../tldraw/use-readonly-while'
import { useRole } from '../../session/board-access'
import { FacilitatorPanel } from './FacilitatorPanel'
import { FollowController } from './FollowController'
import { GestureButtons, ReactionOverlay } from './Gestures'
import { handQueue } from '../../sync/gestures'
import { guardLocks, type LockKind } from './lock-guard'
import { handleRefusals, refusalBeforeReload, refusalMessageKey, reloadAfterRefusal } from '../../sync/refusals'
import { TimerDisplay } from '../../ui/TimerDisplay'
import { useYjsValue } from '../../sync/use-yjs-value'
import { useLocks } from './use-board-state'
import { useTimer } from '../../question-map/use-timer'
import { VotingBar } from './Voting'
import { presenceUserId, publishView } from './leader-viewport'
import { Icon } from '../../ui/icons/Icon'

/** How long the reason of a refused change shows before the board loads again from the server. */
const RELOAD_AFTER_MS = 2500

/**
 * Facilitation on the board page, by role: the shared timer, voting status, follow requests,
 * raised hands and reactions for everyone; read-only canvas for viewers; locks kept on the canvas
 * for participants (with the reason); the facilitator's panel. The status (timer, voting, locks,
 * follow requests) is a rail on the left, the buttons a rail on the right above tldraw's licence
 * notice, starting with `actions` (the page's own, like adding a card): the map is fitted between
 * them (tldraw/free-area.ts).
 */
export function FacilitationLayer({ editor, actions }: { editor: Editor | null; actions?: ReactNode }) {
  const { t, locale } = useI18n()
  const { boardId, doc, awareness, connection } = useBoard()
  const role = useRole(boardId)
  const timer = useTimer(doc)
  const locks = useLocks(doc)
  const hands = useYjsValue(awareness, (states) => handQueue(states).length)
  const [panelOpen, setPanelOpen] = useState(false)
  const [notice, setNotice] = useState<string | null>(() => {
    const code = refusalBeforeReload(boardId)
    return code === undefined ? null : t('refused.reloaded', { reason: t(refusalMessageKey(code)) })
  })

  // Viewers watch: their canvas never changes the board.
  useEffect(() => {
    if (editor && !writesDocument(role)) editor.updateInstanceState({ isReadonly: true })
  }, [editor, role])

  // A locked board is read-only for participants; unlocking gives back what it was.
  useReadonlyWhile(editor, lockBlock(locks, role, null) === 'locked-board')

  // Locked sections: participants' canvas edits are undone at once, with the reason.
  useEffect(() => {
    if (!editor) return
    return guardLocks(editor, doc, role, (kind: LockKind) => setNotice(t(kind === 'locked-board' ? 'lock.blocked.board' : 'lock.blocked.section')))
  }, [editor, doc, role, t])

  // The facilitator's session is the one the stage follows.
  useEffect(() => {
    if (role !== 'facilitator') return
    if (readStage(doc).leader?.clientId !== awareness.clientID) {
      writeStage(doc, { leader: { userId: presenceUserId(), clientId: awareness.clientID } })
    }
  }, [role, doc, awareness])

  // The stage frames what the facilitator sees of the board, not the controls around it.
  useEffect(() => {
    if (role !== 'facilitator' || !editor) return
    return publishView(editor, awareness)
  }, [role, editor, awareness])

  // A change the server refused: say why, then load the board again (see sync/refusals.ts).
  useEffect(() => {
    if (!writesDocument(role)) return
    return handleRefusals(connection, {
      onRefused: (code) => setNotice(t(refusalMessageKey(code))),
      startOver: (code) => reloadAfterRefusal(boardId, code),
      readingMs: RELOAD_AFTER_MS,
    })
  }, [connection, boardId, role, t])

  return (
    <>
      <div className="gb-status-rail" data-gb-reserve="left">
        <TimerDisplay timer={timer} />
        <VotingBar facilitator={role === 'facilitator'} />
        {locks.board && role !== 'facilitator' && (
          <p className="gb-lock-banner" role="status" data-testid="board-locked">
            <Icon name="lock" /> {t('lock.banner', { name: locks.board.by })}
          </p>
        )}
        {editor && role !== 'facilitator' && <FollowController editor={editor} doc={doc} awareness={awareness} />}
      </div>
      <ReactionOverlay awareness={awareness} />
      <div className="gb-dock" role="toolbar" aria-label={t('dock.label')} data-gb-reserve="right">
        {actions}
        {role !== 'viewer' && <GestureButtons awareness={awareness} />}
        {role === 'facilitator' && (
          <button type="button" className="gb-dock__button gb-dock__button--primary" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)} data-testid="facilitate">
            {t('facilitate.button')}
            {hands > 0 && (
              <span className="gb-dock__badge" aria-label={t(pluralKey(locale, 'hand.count', hands), { count: hands })}>
                <Icon name="hand" />
                {hands}
              </span>
            )}
          </button>
        )}
      </div>
      {panelOpen && editor && <FacilitatorPanel editor={editor} onClose={() => setPanelOpen(false)} />}
      {notice && (
        <div className="board-toast gb-notice" role="alert" data-testid="facilitation-notice" onClick={() => setNotice(null)}>
          {notice}
        </div>
      )}
    </>
  )
}
