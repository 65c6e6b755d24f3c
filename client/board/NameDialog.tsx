import { useState, type FormEvent } from 'react'
import { useI18n } from '../i18n/I18nProvider'

/** Asks for a display name on the first visit; the name is then remembered on this device. */
export function NameDialog({ onSubmit }: { onSubmit(name: string): void }) {
  const { t } = useI18n()
  const [name, setName] = useState('')
  const [error, setError] = useState(false)

  function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = name.trim()
    if (!trimmed) {
      setError(true)
      return
    }
    onSubmit(trimmed.slice(0, 60))
  }

  return (
    <div className="dialog-backdrop">
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="name-title" onSubmit={submit} noValidate>
        <h1 id="name-title">{t('name.title')}</h1>
        <p>{t('name.body')}</p>
        <div className="field">
          <label htmlFor="display-name">{t('name.label')}</label>
          <input
            id="display-name"
            autoFocus
            autoComplete="name"
            maxLength={60}
            value={name}
            onChange={(event) => {
              setName(event.target.value)
              setError(false)
            }}
            aria-invalid={error || undefined}
            aria-describedby={error ? 'display-name-error' : undefined}
          />
          {error && (
            <p id="display-name-error" className="error" role="alert">
              {t('name.required')}
            </p>
          )}
        </div>
        <button className="button" type="submit">
          {t('name.submit')}
        </button>
      </form>
    </div>
  )
}
