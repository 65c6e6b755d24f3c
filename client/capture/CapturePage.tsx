import { useCallback, useEffect, useMemo, useState } from 'react'
import { useValue } from '@tldraw/state-react'
import { checkAccess, useBoardAccess, useRole } from '../session/board-access'
import { ApiError } from '../session/api'
import { linkToken } from '../session/link-access'
import { handleRefusals, refusalMessageKey } from '../sync/refusals'
import { LinkRequiredPage } from '../app/LinkRequiredPage'
import { boardPath } from '../../shared/routes'
import { NotFoundPage } from '../app/NotFoundPage'
import { PublicLinks } from '../app/PublicLinks'
import type { ParticipantProfile } from '../../shared/model/participant'
import { refusalCodeOf } from '../../shared/model/refusals'
import { CloseCode, isGoneClose } from '../../shared/protocol/close-codes'
import { useI18n } from '../i18n/I18nProvider'
import { LanguageSwitch } from '../i18n/LanguageSwitch'
import { BoardConnection } from '../sync/board-connection'
import { addCard } from '../question-map/card-writer'
import { CardComposer, type ComposedCard } from '../ui/CardComposer'
import type { UploadedPhoto } from '../question-map/card-photo'
import { useDotActions } from '../question-map/use-dot-actions'
import { useRound } from '../question-map/use-round'
import { useTimer } from '../question-map/use-timer'
import { readWriteRules } from '../../shared/rules/doc-rules'
import { documentBlock, writeBlock } from '../../shared/rules/write-rules'
import { NameDialog } from '../ui/NameDialog'
import { sectionName } from '../question-map/section-names'
import { useParticipation } from '../question-map/use-participation'
import { SyncStatusBadge } from '../ui/SyncStatusBadge'
import { useMeeting } from '../question-map/use-meeting'
import { MeetingWhenWhere } from '../ui/MeetingWhenWhere'
import { MeetingPurpose } from '../ui/MeetingPurpose'
import { markRefusedCards, readSentCards, writeSentCards, type SentCard } from './sent-cards'
import { useBoardCards } from './use-board-cards'
import { BoardCardList } from './BoardCardList'
import { NowHappening } from './NowHappening'
import { TakePart } from './TakePart'
import { resizePhoto } from '../ui/photo-resize'
import { uploadPhoto } from './photo-upload'
import './capture.css'

type Gate = 'checking' | 'not-found' | 'no-link' | 'open'

/** This phone dropped its copy of the board after the server refused a change of `from`. */
interface StartOver {
  from: BoardConnection
  /** The refusal's code ("" for a reason without one). */
  refusal: string
}

/**
 * The phone page of a board (`/b/<id>/capture`): taking full part without the canvas. What is
 * happening now (a voting round with this device's dots left, the timer, a closed meeting), a
 * raised hand and reactions, a card to write (with a photo from the camera), every card of the
 * board by section with this device's dots, and the cards sent from this phone. Cards go straight into this device's copy of
 * the board, so one typed without a connection is kept and sent when the connection returns.
 *
 * A card the server refuses (a section locked while the phone was offline) would stay in that copy
 * and be refused again on every connection; so the page drops its copy, connects afresh and marks
 * the cards the server never took as not sent, with the reason (see sync/refusals.ts).
 */
export default function CapturePage({ boardId }: { boardId: string }) {
  const { t } = useI18n()
  const [gate, setGate] = useState<Gate>('checking')
  const [connection, setConnection] = useState<BoardConnection | null>(null)
  /** Bumped to connect afresh after dropping this phone's copy. */
  const [copy, setCopy] = useState(0)
  const [startOver, setStartOver] = useState<StartOver | null>(null)

  useEffect(() => {
    let live = true
    // Offline the page still opens from this phone's copy.
    void checkAccess(boardId).then((access) => live && setGate(access.state))
    return () => {
      live = false
    }
  }, [boardId])

  // The sync socket opens together with the access check, not after it (a round trip less on
  // mobile data): the server checks the link on the socket too. Without a link there is nothing
  // to connect with, and a link the check refuses drops the connection again.
  const refused = gate === 'not-found' || gate === 'no-link'
  const hasLink = linkToken(boardId) !== null
  useEffect(() => {
    if (refused || !hasLink) return
    const opened = new BoardConnection(boardId)
    // The page fills in as this phone's copy and the server's state arrive; it waits for neither,
    // so a slow local database or a dead spot never leaves a phone on a loading screen.
    // The next connection replaces this one in the same render, so the page (and a card being
    // typed) stays when the page connects afresh.
    setConnection(opened)
    return () => opened.destroy()
  }, [boardId, refused, hasLink, copy])

  const onCopyDropped = useCallback((dropped: BoardConnection, refusal: string) => {
    setStartOver({ from: dropped, refusal })
    setCopy((count) => count + 1)
  }, [])
  const onCardsMarked = useCallback(() => setStartOver(null), [])

  if (gate === 'not-found') return <NotFoundPage />
  if (gate === 'no-link') return <LinkRequiredPage />
  if (!connection) return <p className="board-loading" role="status">{t('board.loading')}</p>
  return <Capture connection={connection} startOver={startOver} onCopyDropped={onCopyDropped} onCardsMarked={onCardsMarked} />
}

function Capture({
  connection,
  startOver,
  onCopyDropped,
  onCardsMarked,
}: {
  connection: BoardConnection
  startOver: StartOver | null
  /** This phone dropped its copy after the server refused a change of `connection` (sync/refusals.ts). */
  onCopyDropped(connection: BoardConnection, refusal: string): void
  onCardsMarked(): void
}) {
  const { t } = useI18n()
  const { boardId, doc } = connection
  const awareness = connection.provider.awareness
  const role = useRole(boardId)
  const voterId = useBoardAccess(boardId)?.voterId ?? null
  const meeting = useMeeting(doc)
  const closed = meeting.archivedAt !== null
  const cards = useBoardCards(doc)
  const sectionNames = useMemo(() => new Map(cards.sections.map((section) => [section.id, sectionName(section, t)])), [cards.sections, t])
  const sections = useMemo(() => [...sectionNames].map(([id, name]) => ({ id, name })), [sectionNames])
  const round = useRound(doc, voterId)
  // A viewer's link or a closed meeting takes no dots: the server would refuse them (write-rules.ts).
  const dots = useDotActions(doc, round, documentBlock({ archived: closed }, role) === null ? voterId : null)
  const timer = useTimer(doc)
  const status = useValue('sync status', () => connection.status.get(), [connection])
  const connected = status.state === 'connected'
  const { joined, profile, join } = useParticipation(connection, role, 'onsite')
  const [editingProfile, setEditingProfile] = useState(false)
  const [sent, setSent] = useState<SentCard[]>(() => readSentCards(boardId))
  const [announcement, setAnnouncement] = useState('')
  const [refusedNotice, setRefusedNotice] = useState<string | null>(null)
  const [uploaded, setUploaded] = useState<number | null>(null)

  useEffect(
    () =>
      handleRefusals(connection, {
        onRefused: (code) => setRefusedNotice(t('capture.refused', { reason: t(refusalMessageKey(code)) })),
        startOver: (code) => onCopyDropped(connection, code ?? ''),
      }),
    [connection, onCopyDropped, t],
  )

  useEffect(() => {
    if (!connected) return
    // Connected afresh after a refusal: this copy holds only what the server took.
    if (startOver && startOver.from !== connection) {
      const next = markRefusedCards(sent, doc, startOver.refusal)
      setSent(next)
      writeSentCards(boardId, next)
      onCardsMarked()
      return
    }
    // Connected again: whatever was queued has gone out with the first sync.
    if (!sent.some((card) => card.queued)) return
    const next = sent.map((card) => ({ ...card, queued: false }))
    setSent(next)
    writeSentCards(boardId, next)
    setAnnouncement(t('capture.flushed'))
  }, [connected, startOver, connection, sent, doc, boardId, onCardsMarked, t])

  const saveAndJoin = (next: ParticipantProfile) => {
    join(next)
    setEditingProfile(false)
  }

  /** Uploads the photo (resized here first, see photo-resize.ts); says why when it could not. */
  const sendPhoto = async (file: File): Promise<{ photo: UploadedPhoto } | { failed: string }> => {
    let resized
    try {
      resized = await resizePhoto(file)
    } catch {
      return { failed: t('photo.unreadable') }
    }
    setUploaded(0)
    try {
      return { photo: await uploadPhoto(boardId, resized, setUploaded) }
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : t('capture.photo.network')
      return { failed: t('capture.photo.failed', { reason }) }
    } finally {
      setUploaded(null)
    }
  }

  const submit = async ({ sectionId, text, anonymous, photo: file }: ComposedCard): Promise<string | null> => {
    // Asked before the upload too: a photo for a section the server would refuse is not sent at all.
    const blocked = writeBlock(readWriteRules(doc), role, sectionId)
    if (blocked) return t(`card.notAdded.${blocked}`)
    const upload = file ? await sendPhoto(file) : null
    if (upload && 'failed' in upload) return upload.failed
    const result = addCard(doc, sectionId, { text, anonymous, ...(upload ? { photo: upload.photo } : {}) }, profile, role)
    if (!result.ok) return t(`card.notAdded.${result.reason}`)
    const { write } = result
    const queued = connection.status.get().state !== 'connected'
    const name = sectionNames.get(sectionId) ?? ''
    const next = [{ id: result.id, text: text || t('capture.card.photo'), sectionName: name, at: Date.now(), queued, write }, ...sent]
    setSent(next)
    writeSentCards(boardId, next)
    setAnnouncement(queued ? t('capture.queued') : t('capture.sentTo', { section: name }))
    return null
  }

  // The board was deleted while the phone had it open (or never existed): say so, not "offline".
  if (status.state === 'closed' && isGoneClose(status.code)) return <NotFoundPage deleted={status.code === CloseCode.boardDeleted} />
  return (
    <div className="capture">
      <header className="capture__header">
        <span className="capture__brand">{t('app.name')}</span>
        <SyncStatusBadge connection={connection} />
        <LanguageSwitch className="capture__language" />
      </header>
      <main className="capture__main">
        <h1 className="capture__title">{meeting.title || t('capture.untitled')}</h1>
        <MeetingPurpose purpose={meeting.purpose} label={t('purpose.label')} className="capture__purpose" />
        <MeetingWhenWhere meeting={meeting} className="capture__when" />
        <NowHappening closed={closed} round={round} timer={timer} />
        {!connected && (
          <p className="capture__offline" data-testid="capture-offline">
            {t('capture.offline')}
          </p>
        )}
        {refusedNotice && (
          <p className="capture__offline" role="alert" data-testid="capture-refused">
            {refusedNotice}
          </p>
        )}
        {!closed && <TakePart awareness={awareness} />}
        <section className="capture__panel" aria-labelledby="capture-write">
          <h2 id="capture-write">{t('capture.write')}</h2>
          <CardComposer
            sections={sections}
            author={profile}
            submitLabel={t('capture.send')}
            onChangeProfile={() => setEditingProfile(true)}
            withPhoto
            progress={uploaded}
            closedReason={closed ? t('capture.closed.reason') : null}
            onSubmit={submit}
          />
          <p className="visually-hidden" role="status">
            {announcement}
          </p>
        </section>
        <BoardCardList cards={cards} sectionNames={sectionNames} voting={{ view: round, actions: dots }} />
        <section className="capture__panel" aria-labelledby="capture-sent">
          <h2 id="capture-sent">{t('capture.sent')}</h2>
          {sent.length === 0 ? (
            <p className="gb-muted">{t('capture.sent.none')}</p>
          ) : (
            <ul className="capture__sent">
              {sent.map((card) => (
                <li key={card.id} data-testid="sent-card" data-queued={card.queued} data-refused={card.refused !== undefined}>
                  <p className="capture__sent-text">{card.text}</p>
                  <p className="capture__sent-meta">
                    {card.sectionName} ·{' '}
                    {card.refused !== undefined ? (
                      <strong>{t('capture.status.refused', { reason: t(refusalMessageKey(refusalCodeOf(card.refused))) })}</strong>
                    ) : card.queued ? (
                      <strong>{t('capture.status.queued')}</strong>
                    ) : (
                      t('capture.status.sent')
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <p>
          <a href={boardPath(boardId)}>{t('capture.openBoard')}</a>
        </p>
      </main>
      <PublicLinks />
      {(!joined || editingProfile) && (
        <NameDialog
          initial={profile}
          cities={meeting.cities}
          onSubmit={saveAndJoin}
          onCancel={joined ? () => setEditingProfile(false) : undefined}
        />
      )}
    </div>
  )
}
