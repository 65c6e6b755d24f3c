import { useId, useState, type FormEvent } from 'react'
import { CARD_LIMITS } from '../../shared/model/card'
import type { ParticipantProfile, Whereabouts } from '../../shared/model/participant'
import { useI18n } from '../i18n/I18nProvider'
import { DialogActions } from './DialogActions'
import { Field } from './Field'
import { clearingError } from './clearing-error'
import { ModalDialog } from './ModalDialog'
import { PublicLinks } from '../app/PublicLinks'

const WHEREABOUTS: Whereabouts[] = ['onsite', 'remote']

/**
 * Asks how a person takes part: display name, on site or remote, city or organisation (one of the
 * meeting's or typed). Shown when joining a board and again when someone changes their profile;
 * the answers are remembered on this device.
 */
export function NameDialog({
  initial,
  cities,
  onSubmit,
  onCancel,
}: {
  initial: ParticipantProfile
  cities: readonly string[]
  onSubmit(profile: ParticipantProfile): void
  /** Present when changing an existing profile: the dialog can then be closed without saving. */
  onCancel?: () => void
}) {
  const { t } = useI18n()
  const [name, setName] = useState(initial.name)
  const [whereabouts, setWhereabouts] = useState<Whereabouts>(initial.whereabouts)
  const [city, setCity] = useState(initial.city)
  const [error, setError] = useState(false)
  const citiesListId = useId()

  function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) {
      setError(true)
      return
    }
    onSubmit({ name: trimmed.slice(0, CARD_LIMITS.name), whereabouts, city: city.trim().slice(0, CARD_LIMITS.city) })
  }

  return (
    <ModalDialog labelledBy="name-title" onCancel={onCancel} backdrop={onCancel ? 'dim' : 'solid'}>
      <form onSubmit={submit} noValidate>
        <h1 id="name-title">{onCancel ? t('profile.title') : t('name.title')}</h1>
        <p>{t('name.body')}</p>
        <Field id="display-name" label={t('name.label')} error={error && t('name.required')}>
          {(control) => (
            <input
              {...control}
              autoFocus
              autoComplete="name"
              maxLength={CARD_LIMITS.name}
              value={name}
              onChange={clearingError(setName, () => setError(false))}
            />
          )}
        </Field>
        <fieldset className="field choice-group">
          <legend>{t('whereabouts.question')}</legend>
          {WHEREABOUTS.map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="whereabouts"
                value={value}
                checked={whereabouts === value}
                onChange={() => setWhereabouts(value)}
              />
              {t(`whereabouts.${value}`)}
            </label>
          ))}
        </fieldset>
        <Field id="profile-city" label={t('profile.city')}>
          {(control) => (
            <>
              <input
                {...control}
                list={citiesListId}
                maxLength={CARD_LIMITS.city}
                autoComplete="organization"
                value={city}
                onChange={(event) => setCity(event.target.value)}
              />
              <datalist id={citiesListId}>
                {cities.map((option) => (
                  <option key={option} value={option} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <DialogActions submit={onCancel ? t('profile.save') : t('name.submit')} onCancel={onCancel} />
      </form>
      {/* What happens to the name and city, readable before giving them. */}
      <PublicLinks />
    </ModalDialog>
  )
}
