import './widgets.css'
import { useId, useState, type FormEvent } from 'react'
import { CARD_LIMITS } from '../../shared/model/card'
import type { ParticipantProfile } from '../../shared/model/participant'
import { useI18n } from '../i18n/I18nProvider'
import { Field } from './Field'
import { clearingError } from './clearing-error'
import { FileButton } from './FileButton'

export interface ComposerSection {
  id: string
  name: string
}

/** What the person gave: the section, the text (may be empty with a photo), and the photo if any. */
export interface ComposedCard {
  sectionId: string
  text: string
  anonymous: boolean
  photo: File | null
}

/**
 * The form for writing a card: pick a section (unless it is given), type, send. Used by the
 * board's add-card dialog, the outline (one per section) and the phone capture page, which also
 * takes a photo from the camera (`withPhoto`). While a sending that takes time (a photo upload)
 * runs, the form says how far it is; whatever fails, the text and the photo stay for another try.
 * `closedReason`: the form is shown disabled, with this reason above it.
 */
export function CardComposer({
  sections,
  sectionId: fixedSectionId,
  author,
  onSubmit,
  autoFocus = false,
  submitLabel,
  onChangeProfile,
  withPhoto = false,
  progress = null,
  closedReason = null,
}: {
  sections: readonly ComposerSection[]
  /** Write into this section; without it the person picks one. */
  sectionId?: string
  author: ParticipantProfile
  /** Adds the card; returns (or resolves with) why it was not added (shown with the form, the text kept), or null. */
  onSubmit(card: ComposedCard): string | null | Promise<string | null>
  autoFocus?: boolean
  submitLabel?: string
  /** Offers a button next to the byline to change name, whereabouts and city. */
  onChangeProfile?: () => void
  /** Offers a photo from the camera with the card. */
  withPhoto?: boolean
  /** How much of a sending in progress has gone out (0..1), or null. */
  progress?: number | null
  closedReason?: string | null
}) {
  const { t } = useI18n()
  const id = useId()
  const [text, setText] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  const [chosen, setChosen] = useState('')
  const [error, setError] = useState<'text' | 'section' | null>(null)
  const [notAdded, setNotAdded] = useState<string | null>(null)
  const [photo, setPhoto] = useState<File | null>(null)
  const [sending, setSending] = useState(false)
  const sectionId = fixedSectionId ?? chosen

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (sending || closedReason) return
    if (!sectionId || !sections.some((section) => section.id === sectionId)) return setError('section')
    if (!text.trim() && !photo) return setError('text')
    setError(null)
    setSending(true)
    try {
      const refusal = await onSubmit({ sectionId, text: text.trim(), anonymous, photo })
      setNotAdded(refusal)
      if (refusal === null) {
        setText('')
        setPhoto(null)
      }
    } finally {
      setSending(false)
    }
  }

  const byline = author.city ? t('card.byWithCity', { name: author.name, city: author.city }) : author.name
  return (
    <form className="composer" onSubmit={(event) => void submit(event)} noValidate aria-busy={sending || undefined}>
      {closedReason && (
        <p className="composer__closed" id={`${id}-closed`} data-testid="composer-closed">
          {closedReason}
        </p>
      )}
      <fieldset className="composer__fields" disabled={closedReason !== null} aria-describedby={closedReason ? `${id}-closed` : undefined}>
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
        {withPhoto && (
          <PhotoField
            id={`${id}-photo`}
            photo={photo}
            onChange={(next) => {
              setPhoto(next)
              setError(null)
              setNotAdded(null)
            }}
          />
        )}
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
        {sending && progress !== null && (
          <p className="composer__progress" role="status">
            <label htmlFor={`${id}-progress`}>{t('composer.photo.uploading', { percent: Math.round(progress * 100) })}</label>
            <progress id={`${id}-progress`} max={1} value={progress} />
          </p>
        )}
        <button className="button" type="submit" disabled={sending}>
          {submitLabel ?? t('composer.submit')}
        </button>
      </fieldset>
    </form>
  )
}

/** A photo from the camera (or the gallery), chosen with our own button (ui/FileButton.tsx). */
function PhotoField({ id, photo, onChange }: { id: string; photo: File | null; onChange(photo: File | null): void }) {
  const { t } = useI18n()
  return (
    <div className="field composer__photo">
      <FileButton
        id={id}
        label={t('composer.photo')}
        accept="image/*"
        capture="environment"
        onChoose={onChange}
        testId="composer-photo"
      />
      {photo && (
        <p className="field__hint">
          {t('composer.photo.chosen')}{' '}
          <button type="button" className="button button--quiet button--small" onClick={() => onChange(null)}>
            {t('composer.photo.remove')}
          </button>
        </p>
      )}
    </div>
  )
}
