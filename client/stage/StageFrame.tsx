import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Editor } from 'tldraw'
import { countByWhereabouts } from '../../shared/model/participant'
import { readStage } from '../../shared/model/stage'
import { useI18n } from '../i18n/I18nProvider'
import type { BoardConnection } from '../sync/board-connection'
import { BoardContext, boardContextValue, useBoard } from '../board/context/board-context'
import { MeetingPurpose } from '../ui/MeetingPurpose'
import { QrCode } from '../ui/QrCode'
import { useMeeting } from '../question-map/use-meeting'
import { usePresentParticipants } from '../sync/use-participants'
import { refreshAccess, useBoardAccess } from '../session/board-access'
import { HandQueue, ReactionOverlay } from '../board/facilitation/Gestures'
import { TimerDisplay } from '../ui/TimerDisplay'
import { useStage } from '../board/facilitation/use-board-state'
import { useTimer } from '../question-map/use-timer'
import { typedAddress } from '../ui/typed-address'
import { followLeader, type StagePageNumber } from './stage-follower'
import { StageVoting } from './StageVoting'
import './stage.css'

/**
 * How often the stage asks the server for its join link again: when the facilitator renews the
 * participant link, the code on the projector must not keep showing the old one for long.
 */
const JOIN_REFRESH_MS = 30_000

/**
 * The projected stage around the read-only canvas: it follows the facilitator's viewport, and shows
 * the purpose, the join code, who is here on site and remotely, the timer, raised hands and
 * reactions, in the look the facilitator chose (daylight, large type).
 */
export function StageFrame({ connection, editor, children }: { connection: BoardConnection; editor: Editor | null; children: ReactNode }) {
  const { doc } = connection
  const awareness = connection.provider.awareness
  const board = useMemo(() => boardContextValue(connection), [connection])
  const stage = useStage(doc)
  const [page, setPage] = useState<StagePageNumber>({ index: 0, count: 1 })

  useEffect(() => {
    if (!editor) return
    editor.updateInstanceState({ isReadonly: true })
    return followLeader(editor, awareness, () => readStage(doc).leader?.clientId ?? null, setPage)
  }, [editor, awareness, doc])

  return (
    <BoardContext.Provider value={board}>
      <div className={`gb-stage gb-stage--${stage.theme}${stage.largeType ? ' gb-stage--large' : ''}`} data-testid="stage" data-theme={stage.theme}>
        <div className="gb-stage__canvas">
          {children}
          {page.count > 1 && (
            <p className="gb-stage__pager" data-testid="stage-pager">
              {page.index + 1} / {page.count}
            </p>
          )}
        </div>
        <StagePanel />
        <ReactionOverlay awareness={awareness} />
      </div>
    </BoardContext.Provider>
  )
}

/**
 * The meeting beside the canvas: purpose; what is happening now (timer, who is here, the voting
 * round, raised hands) in type read from the back of the room; the join code with the short
 * address for those who cannot scan it.
 */
function StagePanel() {
  const { t } = useI18n()
  const { boardId, doc, awareness } = useBoard()
  const meeting = useMeeting(doc)
  const timer = useTimer(doc)
  const counts = countByWhereabouts(usePresentParticipants(awareness))
  const access = useBoardAccess(boardId)
  const join = access?.join ?? null
  const joinCode = access?.joinCode ?? null
  useEffect(() => {
    // Offline, or the stage link itself renewed (its socket is closed then and says so): keep what we have.
    const timer = setInterval(() => void refreshAccess(boardId).catch(() => {}), JOIN_REFRESH_MS)
    return () => clearInterval(timer)
  }, [boardId])
  return (
    <aside className="gb-stage__panel" aria-label={t('stage.title')}>
      {meeting.title && <h1 className="gb-stage__title">{meeting.title}</h1>}
      <MeetingPurpose purpose={meeting.purpose} label={t('stage.purpose')} className="gb-stage__purpose" />
      <div className="gb-stage__now">
        <TimerDisplay timer={timer} className="gb-stage__timer" />
        <p className="gb-stage__counts" data-testid="stage-counts">
          {/* Each count stays on one line: a break may fall only between them. */}
          <span className="gb-stage__count">{t('stage.count.onsite', { count: counts.onsite })}</span>
          {' · '}
          <span className="gb-stage__count">{t('stage.count.remote', { count: counts.remote })}</span>
        </p>
        <StageVoting />
        <HandQueue awareness={awareness} className="gb-stage__hands" />
      </div>
      {join && (
        <figure className="gb-stage__join">
          <QrCode className="gb-stage__qr" text={join} label={t('joinCode.qrLabel', { url: join })} />
          <figcaption>
            {joinCode ? t('stage.joinOrType') : t('stage.join')}
            {joinCode && <StageAddress url={joinCode.url} />}
          </figcaption>
        </figure>
      )}
    </aside>
  )
}

/** The short address, allowed to break only in front of the code (not inside it, at its dash). */
function StageAddress({ url }: { url: string }) {
  const address = typedAddress(url)
  const cut = address.lastIndexOf('/') + 1
  return (
    <span className="gb-stage__address" data-testid="stage-join-address">
      {address.slice(0, cut)}
      <wbr />
      <span className="gb-stage__code">{address.slice(cut)}</span>
    </span>
  )
}
