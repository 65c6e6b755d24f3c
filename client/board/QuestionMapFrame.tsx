import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Editor } from 'tldraw'
import { useI18n } from '../i18n/I18nProvider'
import type { BoardConnection } from '../sync/board-connection'
import { applyPendingSetup } from '../question-map/apply-setup'
import { layOutCarryOver } from './commands/lay-out-carry-over'
import { showCardFromAddress } from './tldraw/show-card-from-address'
import { BoardContext, boardContextValue } from './context/board-context'
import { BoardUiContext, type BoardDialog, type BoardPanel, type BoardUi } from './context/board-ui'
import { addCard, type NewCard } from '../question-map/card-writer'
import { AddCardDialog } from './dialogs/AddCardDialog'
import { ClusterDialog } from './dialogs/ClusterDialog'
import { CommitmentDialog } from './dialogs/CommitmentDialog'
import { JoinCodeDialog } from './dialogs/JoinCodeDialog'
import { MeetingSettingsDialog } from './dialogs/MeetingSettingsDialog'
import { useRole } from '../session/board-access'
import { NameDialog } from '../ui/NameDialog'
import { OutlinePanel } from './panels/OutlinePanel'
import { useParticipation } from '../question-map/use-participation'
import { layOutQuestionMap } from './commands/lay-out-question-map'
import { useMeeting } from '../question-map/use-meeting'
import { keepMapFitted } from './tldraw/keep-map-fitted'

/**
 * Everything the question map adds around the canvas: the board's context for our shapes and
 * tldraw components, joining with a profile, the first layout of a new board, slot repairs, and
 * our panels and dialogs.
 */
export function QuestionMapFrame({ connection, editor, children }: { connection: BoardConnection; editor: Editor | null; children: ReactNode }) {
  const { t } = useI18n()
  const { boardId, doc } = connection
  const board = useMemo(() => boardContextValue(connection), [connection])
  const meeting = useMeeting(doc)
  const [panel, setPanel] = useState<BoardPanel>(null)
  const [dialog, setDialog] = useState<BoardDialog>(null)
  const role = useRole(boardId)
  const { joined, profile, join } = useParticipation(connection, role)
  const facilitator = role === 'facilitator'
  const ui = useMemo<BoardUi>(() => ({ panel, setPanel, dialog, setDialog, facilitator }), [panel, dialog, facilitator])

  useEffect(() => {
    if (!editor) return
    applyPendingSetup(boardId, doc, (carryOver) => {
      layOutQuestionMap(editor, (kind) => t(`section.${kind}`))
      if (carryOver) layOutCarryOver(editor, carryOver, t('series.sinceLastTime'))
    })
    // The camera is not part of the board: every visit starts with the whole map in view, clear of
    // the controls (or with the card the address names: a search result).
    const stopFitting = keepMapFitted(editor)
    const stopWaiting = showCardFromAddress(editor)
    return () => {
      stopWaiting()
      stopFitting()
    }
    // Once per board and editor; the language of the moment names the sections.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, boardId, doc])

  const onAddCard = useCallback(
    (sectionId: string, card: NewCard) => {
      const result = addCard(doc, sectionId, card, profile, role)
      return result.ok ? null : t(`card.notAdded.${result.reason}`)
    },
    [doc, profile, role, t],
  )
  const saveAndJoin: typeof join = (next) => {
    join(next)
    setDialog(null)
  }
  const close = () => setDialog(null)

  return (
    <BoardContext.Provider value={board}>
      <BoardUiContext.Provider value={ui}>
        {children}
        {panel === 'outline' && editor && <OutlinePanel editor={editor} author={profile} onAddCard={onAddCard} onClose={() => setPanel(null)} />}
        {dialog?.type === 'addCard' && editor && <AddCardDialog editor={editor} author={profile} onAdd={onAddCard} onClose={close} />}
        {dialog?.type === 'joinCode' && <JoinCodeDialog boardId={boardId} meeting={meeting} onClose={close} />}
        {dialog?.type === 'meeting' && <MeetingSettingsDialog doc={doc} meeting={meeting} onClose={close} />}
        {dialog?.type === 'commitment' && editor && <CommitmentDialog editor={editor} cardId={dialog.cardId} cities={meeting.cities} onClose={close} />}
        {dialog?.type === 'cluster' && editor && <ClusterDialog editor={editor} cardIds={dialog.cardIds} onClose={close} />}
        {dialog?.type === 'profile' && <NameDialog initial={profile} cities={meeting.cities} onSubmit={saveAndJoin} onCancel={close} />}
        {!joined && <NameDialog initial={profile} cities={meeting.cities} onSubmit={saveAndJoin} />}
      </BoardUiContext.Provider>
    </BoardContext.Provider>
  )
}
