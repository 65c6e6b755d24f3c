import { useState, type FormEvent } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { LanguageSwitch } from '../i18n/LanguageSwitch'
import { tokenFromFragment } from '../../shared/model/roles'
import { createBoard } from '../app/api'
import { normalizeMeeting } from '../../shared/model/meeting'
import { rememberLinkToken, viewPath } from '../board/facilitation/link-access'
import { Field } from '../board/Field'
import { boardIdFromInput } from './board-link'
import { EMPTY_DRAFT, MeetingFields, type MeetingDraft } from './MeetingFields'
import { savePendingSetup, type StartingLayout } from './pending-setup'
import './start.css'

const LAYOUTS: StartingLayout[] = ['questionMap', 'blank']

/** The front door: start a new board or open one from a link you were sent. */
export default function StartPage() {
  const { t } = useI18n()
  const [creating, setCreating] = useState(false)
  const [createError, setCreateError] = useState<string | null>(null)
  const [draft, setDraft] = useState<MeetingDraft>(EMPTY_DRAFT)
  const [layout, setLayout] = useState<StartingLayout>('questionMap')
  const [titleError, setTitleError] = useState(false)
  const [link, setLink] = useState('')
  const [linkError, setLinkError] = useState<string | null>(null)

  async function onCreate(event: FormEvent) {
    event.preventDefault()
    if (!draft.title.trim()) {
      setTitleError(true)
      document.getElementById('meeting-title')?.focus()
      return
    }
    setCreating(true)
    setCreateError(null)
    try {
      const board = await createBoard()
      // The board writes this into its document on first open (see apply-setup.ts).
      savePendingSetup(board.id, { meeting: normalizeMeeting(draft), layout })
      // The creator keeps the facilitator's link; this device remembers it for the board.
      rememberLinkToken(board.id, board.tokens.facilitator)
      location.assign(viewPath(board.id, 'board', board.tokens.facilitator))
    } catch (error) {
      setCreateError(t('start.create.error', { message: (error as Error).message }))
      setCreating(false)
    }
  }

  function onOpen(event: FormEvent) {
    event.preventDefault()
    const boardId = boardIdFromInput(link)
    if (!boardId) {
      setLinkError(t('start.open.invalid'))
      return
    }
    // The token in a pasted link comes along; without one this device's remembered link is used.
    const fragment = link.includes('#') ? link.slice(link.indexOf('#')) : ''
    location.assign(viewPath(boardId, 'board', tokenFromFragment(fragment) ?? undefined))
  }

  return (
    <div className="start">
      <header className="start__header">
        <span className="start__brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main className="page">
        <h1>{t('app.name')}</h1>
        <p className="start__tagline">{t('app.tagline')}</p>

        <section className="card-panel" aria-labelledby="create-heading">
          <h2 id="create-heading">{t('start.create.heading')}</h2>
          <p>{t('start.create.body')}</p>
          <form onSubmit={onCreate} noValidate>
            <MeetingFields
              draft={draft}
              titleError={titleError}
              onChange={(next) => {
                setDraft(next)
                if (next.title.trim()) setTitleError(false)
              }}
            />
            <fieldset className="field choice-group">
              <legend>{t('start.layout')}</legend>
              {LAYOUTS.map((value) => (
                <label key={value} className="choice">
                  <input type="radio" name="layout" value={value} checked={layout === value} onChange={() => setLayout(value)} />
                  {t(`start.layout.${value}`)}
                </label>
              ))}
            </fieldset>
            <button className="button" type="submit" disabled={creating}>
              {creating ? t('start.create.busy') : t('start.create.button')}
            </button>
            {createError && (
              <p className="error" role="alert">
                {createError}
              </p>
            )}
          </form>
        </section>

        <section className="card-panel" aria-labelledby="open-heading">
          <h2 id="open-heading">{t('start.open.heading')}</h2>
          <form onSubmit={onOpen} noValidate>
            <Field id="board-link" label={t('start.open.label')} error={linkError}>
              {(control) => (
                <input
                  {...control}
                  name="board-link"
                  value={link}
                  onChange={(event) => {
                    setLink(event.target.value)
                    setLinkError(null)
                  }}
                  autoComplete="off"
                />
              )}
            </Field>
            <button className="button button--quiet" type="submit">
              {t('start.open.button')}
            </button>
          </form>
        </section>
      </main>
    </div>
  )
}
