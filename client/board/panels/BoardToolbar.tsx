import { useRef, useState } from 'react'
import { useEditor, useValue } from 'tldraw'
import { CARD_SHAPE_TYPE, type CardProps } from '../../../shared/model/card'
import { isCommitment } from '../../../shared/model/card-layout'
import { sectionKindOfShape } from '../queries/section-of-shape'
import { addSection } from '../commands/add-section'
import { useI18n } from '../../i18n/I18nProvider'
import { LanguageSwitch } from '../../i18n/LanguageSwitch'
import type { BoardConnection } from '../../sync/board-connection'
import { SyncStatusBadge } from '../../ui/SyncStatusBadge'
import { ExportMenu } from '../export/ExportMenu'
import { useBoardUi, type BoardPanel } from '../context/board-ui'
import { ParticipantsPanel, useParticipantCounts } from './ParticipantsPanel'
import { currentUserId } from '../../session/identity'
import { usePresentParticipants } from '../../sync/use-participants'
import { useBoard } from '../context/board-context'

/**
 * Our controls in tldraw's top-right corner: link state, who is here, the outline, actions on the
 * selected cards, and a menu with the profile, the meeting settings (facilitator) and the language.
 */
export function BoardToolbar({ connection }: { connection: BoardConnection }) {
  const { t } = useI18n()
  const ui = useBoardUi()
  const people = usePresentParticipants(useBoard().awareness)
  const counts = useParticipantCounts(people)
  const toggle = (panel: BoardPanel) => ui.setPanel(ui.panel === panel ? null : panel)
  return (
    <div className="gb-toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <SyncStatusBadge connection={connection} />
      <div className="gb-popover-anchor">
        <button
          type="button"
          className="gb-tool"
          aria-expanded={ui.panel === 'participants'}
          onClick={() => toggle('participants')}
          data-testid="participants-button"
        >
          {counts}
        </button>
        {ui.panel === 'participants' && <ParticipantsPanel people={people} selfId={currentUserId()} onClose={() => ui.setPanel(null)} />}
      </div>
      <button type="button" className="gb-tool" aria-expanded={ui.panel === 'outline'} onClick={() => toggle('outline')}>
        {t('outline.button')}
      </button>
      <SelectionActions />
      <ExportMenu />
      <MoreMenu />
    </div>
  )
}

/** The less frequent controls behind one button: profile, meeting settings, language. */
function MoreMenu() {
  const { t } = useI18n()
  const ui = useBoardUi()
  const editor = useEditor()
  const [open, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }
  return (
    <div
      className="gb-more"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation()
          close()
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="gb-tool gb-tool--icon"
        aria-expanded={open}
        aria-controls="gb-more-items"
        aria-label={t('toolbar.more')}
        title={t('toolbar.more')}
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <circle cx="3" cy="8" r="1.6" fill="currentColor" />
          <circle cx="8" cy="8" r="1.6" fill="currentColor" />
          <circle cx="13" cy="8" r="1.6" fill="currentColor" />
        </svg>
      </button>
      {open && (
        <div id="gb-more-items" className="gb-more__items">
          <MenuItem close={() => setOpen(false)} label={t('profile.button')} onChoose={() => ui.setDialog({ type: 'profile' })} />
          {ui.facilitator && (
            <MenuItem close={() => setOpen(false)} label={t('meeting.settings.button')} onChoose={() => ui.setDialog({ type: 'meeting' })} />
          )}
          {ui.facilitator && <MenuItem close={() => setOpen(false)} label={t('section.add')} onChoose={() => addSection(editor, t('section.new'))} />}
          {/* Choosing a language is the end of the errand: the menu closes. */}
          <div onChange={() => setOpen(false)}>
            <LanguageSwitch className="gb-tool gb-tool--select" />
          </div>
        </div>
      )}
    </div>
  )
}

/** An entry of the "more" menu: choosing it closes the menu, then does its errand. */
function MenuItem({ label, close, onChoose }: { label: string; close(): void; onChoose(): void }) {
  return (
    <button
      type="button"
      className="gb-tool"
      onClick={() => {
        close()
        onChoose()
      }}
    >
      {label}
    </button>
  )
}

/** Actions on the selected cards: group them into a cluster, fill in a commitment. */
function SelectionActions() {
  const { t } = useI18n()
  const ui = useBoardUi()
  const editor = useEditor()
  // Joined into a string so the toolbar re-renders only when the selection really changes.
  const selection = useValue(
    'selected cards',
    () => {
      const cards = editor.getSelectedShapes().filter((shape) => shape.type === CARD_SHAPE_TYPE)
      const only = cards.length === 1 ? cards[0] : undefined
      const commitment = only ? isCommitment(only.props as CardProps, sectionKindOfShape(editor, only.id)) : false
      return `${commitment ? 'c' : 'n'}|${cards.map((card) => card.id).join(',')}`
    },
    [editor],
  )
  const [flag, ids] = selection.split('|') as [string, string]
  const cardIds = ids ? ids.split(',') : []
  return (
    <>
      {cardIds.length >= 2 && (
        <button type="button" className="gb-tool" onClick={() => ui.setDialog({ type: 'cluster', cardIds })}>
          {t('cluster.button', { count: cardIds.length })}
        </button>
      )}
      {cardIds.length === 1 && flag === 'c' && (
        <button type="button" className="gb-tool" onClick={() => ui.setDialog({ type: 'commitment', cardId: cardIds[0]! })}>
          {t('commitment.button')}
        </button>
      )}
    </>
  )
}
