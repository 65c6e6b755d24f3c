import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { tokenFromFragment } from '../../shared/model/roles'
import { ApiError, createBoard } from '../session/api'
import { normalizeMeeting } from '../../shared/model/meeting'
import { rememberLinkToken, viewPath } from '../session/link-access'
import { Field } from '../ui/Field'
import { FrontPage } from '../ui/FrontPage'
import { clearingError } from '../ui/clearing-error'
import { boardIdFromInput } from './board-link'
import { EMPTY_DRAFT, MeetingFields, type MeetingDraft } from '../ui/MeetingFields'
import { savePendingSetup, type StartingLayout } from '../session/pending-setup'
import { AccountPanel } from '../account/AccountPanel'
import { useAccount } from '../account/use-account'
import './start.css'

const LAYOUTS: StartingLayout[] = ['questionMap', 'blank']

/** What is wrong with the board creation secret: none given yet, or not the server's. */
type SecretProblem = 'needed' | 'wrong'

/**
 * What a board creation secret can be: the server takes 12 to 256 printable ASCII characters
 * without spaces (server/config.ts). Anything else could never be right, and a browser refuses to
 * send other characters in a header at all.
 */
const POSSIBLE_SECRET = /^[\x21-\x7e]+$/

/** The front door: start a new board or open one from a link you were sent. */
export default function StartPage() {
  const { t } = useI18n()
  const account = useAccount()
  const [creating, setCreating] = useState(false)
  const [createError, setCreateError] = useState<string | null>(null)
  const [draft, setDraft] = useState<MeetingDraft>(EMPTY_DRAFT)
  const [layout, setLayout] = useState<StartingLayout>('questionMap')
  const [titleError, setTitleError] = useState(false)
  const [link, setLink] = useState('')
  const [linkError, setLinkError] = useState<string | null>(null)
  // Only a server with CREATE_BOARD_SECRET asks for it (401); until then the field is not shown.
  const [secretAsked, setSecretAsked] = useState(false)
  const [secret, setSecret] = useState('')
  const [secretProblem, setSecretProblem] = useState<SecretProblem | null>(null)
  const secretInput = useRef<HTMLInputElement>(null)
  /** Bumped to move the focus to the secret field once it has rendered. */
  const [secretFocus, setSecretFocus] = useState(0)

  useEffect(() => {
    if (secretFocus > 0) secretInput.current?.focus()
  }, [secretFocus])

  function askForSecret(problem: SecretProblem) {
    setSecretAsked(true)
    setSecretProblem(problem)
    setSecretFocus((count) => count + 1)
  }

  async function onCreate(event: FormEvent) {
    event.preventDefault()
    if (!draft.title.trim()) {
      setTitleError(true)
      document.getElementById('meeting-title')?.focus()
      return
    }
    const sentSecret = secret.trim()
    if (secretAsked && !sentSecret) return askForSecret('needed')
    if (secretAsked && !POSSIBLE_SECRET.test(sentSecret)) return askForSecret('wrong')
    setCreating(true)
    setCreateError(null)
    // Cleared while the request runs, so that the same message shown again is announced again.
    setSecretProblem(null)
    try {
      const board = await createBoard(secretAsked ? sentSecret : undefined)
      // The board writes this into its document on first open (see question-map/apply-setup.ts).
      savePendingSetup(board.id, { meeting: normalizeMeeting(draft), layout })
      // The creator keeps the facilitator's link; this device remembers it for the board.
      rememberLinkToken(board.id, board.tokens.facilitator)
      location.assign(viewPath(board.id, 'board', board.tokens.facilitator))
    } catch (error) {
      setCreating(false)
      // A server with sign-in: 401 until the facilitator is signed in.
      if (error instanceof ApiError && error.status === 401 && account?.signIn) {
        setCreateError(t('start.create.signIn'))
        return
      }
      // The server's board creation guard: 401 without the secret, 403 with a wrong one. The
      // meeting's fields keep what was typed; the person only adds the secret and sends again.
      if (error instanceof ApiError && (error.status === 401 || (error.status === 403 && secretAsked))) {
        askForSecret(secretAsked ? 'wrong' : 'needed')
        return
      }
      // 403 without a secret sent: a server without one, reached from elsewhere than its own machine.
      if (error instanceof ApiError && error.status === 403) {
        setCreateError(t('start.create.closed'))
        return
      }
      setCreateError(t('start.create.error', { message: (error as Error).message }))
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
    <FrontPage>
      <main className="page">
        <h1>{t('app.name')}</h1>
        <p className="start__tagline">{t('app.tagline')}</p>
        <AccountPanel state={account} />

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
            {secretAsked && (
              <Field
                id="create-secret"
                label={t('start.secret.label')}
                hint={t('start.secret.hint')}
                error={secretProblem && t(`start.secret.${secretProblem}`)}
              >
                {(control) => (
                  <input
                    {...control}
                    ref={secretInput}
                    type="password"
                    name="create-secret"
                    required
                    autoComplete="off"
                    spellCheck={false}
                    value={secret}
                    onChange={clearingError(setSecret, () => setSecretProblem(null))}
                  />
                )}
              </Field>
            )}
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
                  onChange={clearingError(setLink, () => setLinkError(null))}
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
    </FrontPage>
  )
}
