import { useId, useState } from 'react'
import { useI18n } from '../../i18n/I18nProvider'
import { Field } from '../../ui/Field'
import { deleteBoard, removeNames } from './board-data-api'
import { Confirm, Group, ShownError, type RunAction } from './dialog-parts'

/**
 * The facilitator's part of the dialog about personal data: removing people's names (after a
 * confirmation) and deleting the whole board, which asks for the board's title (or id) typed out,
 * since nothing brings it back. The server closes every connection of a deleted board, this one
 * included, and the board page then says it was deleted.
 */
export function PersonalDataControls({ boardId, title, busy, run }: { boardId: string; title: string; busy: boolean; run: RunAction }) {
  const { t } = useI18n()
  const [asking, setAsking] = useState<'names' | 'delete' | null>(null)
  const [typed, setTyped] = useState('')
  const inputId = useId()
  const name = title.trim() || boardId
  const failed = (error: Error) => {
    throw new ShownError(t('archive.failed', { message: error.message }))
  }
  const stripNames = () =>
    run(async () => {
      const removed = await removeNames(boardId).catch(failed)
      setAsking(null)
      return t('personalData.namesRemoved', { cards: removed.cards, attendees: removed.attendees })
    })
  const remove = () =>
    run(async () => {
      await deleteBoard(boardId, typed).catch(failed)
      return t('personalData.deleted')
    })
  const matches = typed.replace(/\s+/g, ' ').trim() === name.replace(/\s+/g, ' ').trim() || typed.trim() === boardId

  return (
    <Group title={t('personalData.heading')}>
      <div className="dialog__actions">
        <button type="button" className="button button--small" disabled={busy} onClick={() => setAsking('names')}>
          {t('personalData.removeNames')}
        </button>
        <button type="button" className="button button--small gb-export__danger" disabled={busy} onClick={() => setAsking('delete')}>
          {t('personalData.delete')}
        </button>
      </div>
      {asking === 'names' && (
        <Confirm
          text={t('personalData.removeNamesConfirm')}
          action={t('personalData.removeNamesButton')}
          busy={busy}
          onConfirm={stripNames}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking === 'delete' && (
        <div className="gb-export__confirm" role="group" aria-labelledby={`${inputId}-text`}>
          <p id={`${inputId}-text`}>{t('personalData.deleteConfirm', { name })}</p>
          <Field id={inputId} label={t('personalData.deleteType', { name })}>
            {(control) => <input {...control} value={typed} autoComplete="off" onChange={(event) => setTyped(event.target.value)} />}
          </Field>
          <div className="dialog__actions">
            <button type="button" className="button button--small gb-export__danger" disabled={busy || !matches} onClick={remove}>
              {t('personalData.deleteButton')}
            </button>
            <button type="button" className="button button--quiet button--small" disabled={busy} onClick={() => setAsking(null)}>
              {t('export.cancel')}
            </button>
          </div>
        </div>
      )}
    </Group>
  )
}
