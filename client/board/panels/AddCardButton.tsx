import { useBoard } from '../context/board-context'
import { useBoardUi } from '../context/board-ui'
import { useI18n } from '../../i18n/I18nProvider'
import { useRole } from '../../session/board-access'
import { useYjsValue } from '../../sync/use-yjs-value'
import { LOCKS_MAP } from '../../../shared/model/locks'
import { MEETING_MAP } from '../../../shared/model/meeting'
import { readWriteRules } from '../../../shared/rules/doc-rules'
import { writeBlock } from '../../../shared/rules/write-rules'
import { Icon } from '../../ui/icons/Icon'

/**
 * The big "Add card" button: not offered to viewers, and disabled with the reason on a closed
 * meeting (for everyone) or a locked board, so nobody writes a card in vain.
 */
export function AddCardButton() {
  const { t } = useI18n()
  const { boardId, doc } = useBoard()
  const ui = useBoardUi()
  const role = useRole(boardId)
  const rules = useYjsValue(doc, [MEETING_MAP, LOCKS_MAP], readWriteRules)
  // The facilitator may still write on a closed meeting (and so reopen it), but not by a card in passing.
  const blocked = rules.archived && role !== 'viewer' ? 'archived' : writeBlock(rules, role, null)
  if (blocked === 'read-only') return null
  return (
    <>
      <button
        type="button"
        className="gb-dock__button gb-dock__button--primary gb-add-card"
        disabled={blocked !== null}
        aria-describedby={blocked ? 'gb-add-card-blocked' : undefined}
        onClick={() => ui.setDialog({ type: 'addCard' })}
        data-testid="add-card"
      >
        <Icon name="plus" /> {t('card.add.button')}
      </button>
      {blocked && (
        <p id="gb-add-card-blocked" className="gb-dock__reason" data-testid="add-card-blocked">
          {t(`card.add.blocked.${blocked}`)}
        </p>
      )}
    </>
  )
}
