import './widgets.css'
import { useId, useState, type FormEvent } from 'react'
import { CARD_LIMITS } from '../../shared/model/card'
import type { ParticipantProfile } from '../../shared/model/participant'
import { useI18n } from '../i18n/I18nProvider'
import { Field } from './Field'
import { clearingError } from './clearing-error'

export interface ComposerSection {
  id: string
  name: string
}

/**
 * The form for writing a card: pick a section (unless it is given), type, send. Used by the
 * board's add-card dialog, the outline (one per section) and the phone capture page.
 */
export function CardComposer({
  sections,
  sectionId: fixedSectionId,
  author,
  onSubmit,
  autoFocus = false,
  submitLabel,
  onChangeProfile,
}: {
  sections: readonly ComposerSection[]
  /** Write into this section; without it the person picks one. */
  sectionId?: string
  author: ParticipantProfile
  /** Adds the card; returns why it was not added (shown with the form, the text kept), or null. */
  onSubmit(card: { sectionId: string; text: string; anonymous: boolean }): string | null
  autoFocus?: boolean
  submitLabel?: string
  /** Offers a button next to the byline to change name, whereabouts and city. */
  onChangeProfile?: () => void
}) {
  const { t } = useI18n()
  const id = useId()
  const [text, setText] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  const [chosen, setChosen] = useState('')
  const [error, setError] = useState<'text' | 'section' | null>(null)
  const [notAdded, setNotAdded] = useState<string | null>(null)
  const sectionId = fixedSectionId ?? chosen

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!sectionId || !sections.some((section) => section.id === sectionId)) return setError('section')
    if (!text.trim()) return setError('text')
    setError(null)
    const refusal = onSubmit({ sectionId, text: text.trim(), anonymous })
    setNotAdded(refusal)
    if (refusal === null) setText('')
  }

  const byline = author.city ? t('card.byWithCity', { name: author.name, city: author.city }) : author.name
  return (
    <form className="composer" onSubmit={submit} noValidate>
      {fixedSectionId === undefined && (
        <Field
          id={`${id}-section`}
          label={t('composer.section')}
          error={error === 'section' && (sections.length ? t('composer.section.required') : t('composer.section.none'))}
        >
          {(control) => (
            <select
              {...control}
              value={chosen}
              onChange={clearingError(setChosen, () => {
                setError(null)
                setNotAdded(null)
              })}
            >
              <option value="">{t('composer.section.choose')}</option>
              {sections.map((section) => (
                <option key={section.id} value={section.id}>
                  {section.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field id={`${id}-text`} label={t('composer.text')} error={error === 'text' && t('composer.text.required')}>
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={CARD_LIMITS.text}
            autoFocus={autoFocus}
            value={text}
            onChange={clearingError(setText, () => setError(null))}
          />
        )}
      </Field>
      <label className="choice">
        <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.target.checked)} />
        {t('composer.anonymous')}
      </label>
      <p className="field__hint">
        {anonymous ? t('composer.postingAnonymously') : t('composer.postingAs', { byline })}{' '}
        {onChangeProfile && (
          <button type="button" className="button button--quiet button--small" onClick={onChangeProfile}>
            {t('capture.changeProfile')}
          </button>
        )}
      </p>
      {notAdded && (
        <p className="error" role="alert" data-testid="card-not-added">
          {notAdded}
        </p>
      )}
      <button className="button" type="submit">
        {submitLabel ?? t('composer.submit')}
      </button>
    </form>
  )
}
