import './widgets.css'
import { useState, type KeyboardEvent } from 'react'
import { MEETING_LIMITS, type Meeting } from '../../shared/model/meeting'
import { Field } from './Field'
import { useI18n } from '../i18n/I18nProvider'

export type MeetingDraft = Pick<Meeting, 'title' | 'purpose' | 'startsAt' | 'place' | 'cities'>

export const EMPTY_DRAFT: MeetingDraft = { title: '', purpose: '', startsAt: '', place: '', cities: [] }

/**
 * The meeting's fields, for creating a board and for the facilitator's settings later: title,
 * purpose, date and time, place, and the list of cities or organisations taking part.
 */
export function MeetingFields({
  draft,
  onChange,
  titleError,
}: {
  draft: MeetingDraft
  onChange(draft: MeetingDraft): void
  titleError: boolean
}) {
  const { t } = useI18n()
  const set = <K extends keyof MeetingDraft>(key: K, value: MeetingDraft[K]) => onChange({ ...draft, [key]: value })
  return (
    <>
      <Field id="meeting-title" label={t('meeting.title')} error={titleError && t('meeting.title.required')}>
        {(control) => <input {...control} required maxLength={MEETING_LIMITS.title} value={draft.title} onChange={(event) => set('title', event.target.value)} />}
      </Field>
      <div className="field">
        <label htmlFor="meeting-purpose">{t('meeting.purpose')}</label>
        <p id="meeting-purpose-hint" className="field__hint">
          {t('meeting.purpose.hint')}
        </p>
        <textarea
          id="meeting-purpose"
          rows={3}
          maxLength={MEETING_LIMITS.purpose}
          value={draft.purpose}
          aria-describedby="meeting-purpose-hint"
          onChange={(event) => set('purpose', event.target.value)}
        />
      </div>
      <div className="field-row">
        <Field id="meeting-starts" label={t('meeting.startsAt')}>
          {(control) => <input {...control} type="datetime-local" value={draft.startsAt} onChange={(event) => set('startsAt', event.target.value)} />}
        </Field>
        <Field id="meeting-place" label={t('meeting.place')}>
          {(control) => <input {...control} maxLength={MEETING_LIMITS.place} value={draft.place} onChange={(event) => set('place', event.target.value)} />}
        </Field>
      </div>
      <CitiesField cities={draft.cities} onChange={(cities) => set('cities', cities)} />
    </>
  )
}

function CitiesField({ cities, onChange }: { cities: string[]; onChange(cities: string[]): void }) {
  const { t } = useI18n()
  const [next, setNext] = useState('')
  const [notice, setNotice] = useState('')

  function add() {
    const city = next.trim().slice(0, MEETING_LIMITS.city)
    if (!city) return
    if (cities.some((known) => known.toLowerCase() === city.toLowerCase())) {
      setNotice(t('meeting.cities.duplicate', { city }))
      return
    }
    if (cities.length >= MEETING_LIMITS.cities) return
    onChange([...cities, city])
    setNext('')
    setNotice(t('meeting.cities.added', { city }))
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the city instead of submitting the whole form.
    if (event.key === 'Enter') {
      event.preventDefault()
      add()
    }
  }

  return (
    <fieldset className="field cities">
      <legend>{t('meeting.cities')}</legend>
      {cities.length > 0 && (
        <ul className="cities__list" aria-label={t('meeting.cities')}>
          {cities.map((city) => (
            <li key={city} className="cities__item">
              <span>{city}</span>
              <button
                type="button"
                className="button button--quiet button--small"
                aria-label={t('meeting.cities.remove', { city })}
                onClick={() => {
                  onChange(cities.filter((known) => known !== city))
                  setNotice(t('meeting.cities.removed', { city }))
                }}
              >
                {t('meeting.cities.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="cities__add">
        <label htmlFor="meeting-city" className="field__sublabel">
          {t('meeting.cities.new')}
        </label>
        <input
          id="meeting-city"
          placeholder={t('meeting.cities.placeholder')}
          maxLength={MEETING_LIMITS.city}
          value={next}
          onChange={(event) => {
            setNext(event.target.value)
            setNotice('')
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button button--quiet" onClick={add}>
          {t('meeting.cities.add')}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {notice}
      </p>
    </fieldset>
  )
}
