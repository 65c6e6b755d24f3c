import { useId, useState, type FormEvent } from 'react'
import { useValue, type Editor, type TLShapeId } from 'tldraw'
import { CARD_LIMITS, CARD_SHAPE_TYPE, readCardProps } from '../../../shared/model/card'
import { useI18n } from '../../i18n/I18nProvider'
import { DialogActions } from '../../ui/DialogActions'
import { Field } from '../../ui/Field'
import { ModalDialog } from '../../ui/ModalDialog'

/** Who commits to a card's action, for which city, by when. */
export function CommitmentDialog({ editor, cardId, cities, onClose }: { editor: Editor; cardId: string; cities: readonly string[]; onClose(): void }) {
  const { t } = useI18n()
  const id = useId()
  const shape = useValue('commitment card', () => editor.getShape(cardId as TLShapeId), [editor, cardId])
  const initial = readCardProps((shape?.props ?? {}) as Record<string, unknown>)
  const [owner, setOwner] = useState(initial.owner)
  const [ownerCity, setOwnerCity] = useState(initial.ownerCity)
  const [due, setDue] = useState(initial.due)

  function save(event: FormEvent) {
    event.preventDefault()
    if (shape?.type === CARD_SHAPE_TYPE) {
      editor.updateShape({
        id: shape.id,
        type: CARD_SHAPE_TYPE,
        props: {
          kind: 'commitment',
          owner: owner.trim().slice(0, CARD_LIMITS.name),
          ownerCity: ownerCity.trim().slice(0, CARD_LIMITS.city),
          due: /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : '',
        },
      })
    }
    onClose()
  }

  return (
    <ModalDialog labelledBy={`${id}-title`} onCancel={onClose}>
      <form onSubmit={save} noValidate>
        <h1 id={`${id}-title`}>{t('commitment.title')}</h1>
        {shape ? <p className="dialog__quote">{initial.text}</p> : <p role="alert">{t('commitment.gone')}</p>}
        <Field id={`${id}-owner`} label={t('commitment.owner')}>
          {(control) => <input {...control} maxLength={CARD_LIMITS.name} value={owner} onChange={(event) => setOwner(event.target.value)} autoFocus />}
        </Field>
        <Field id={`${id}-city`} label={t('commitment.city')}>
          {(control) => (
            <>
              <input {...control} list={`${id}-cities`} maxLength={CARD_LIMITS.city} value={ownerCity} onChange={(event) => setOwnerCity(event.target.value)} />
              <datalist id={`${id}-cities`}>
                {cities.map((city) => (
                  <option key={city} value={city} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id={`${id}-due`} label={t('commitment.due')}>
          {(control) => <input {...control} type="date" value={due} onChange={(event) => setDue(event.target.value)} />}
        </Field>
        <DialogActions submit={t('dialog.save')} submitDisabled={!shape} onCancel={onClose} />
      </form>
    </ModalDialog>
  )
}
