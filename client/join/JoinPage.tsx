import { useEffect, useRef, useState, type FormEvent } from 'react'
import { normalizeJoinCode } from '../../shared/model/join-code'
import { boardLink } from '../../shared/model/roles'
import { Field } from '../ui/Field'
import { FrontPage } from '../ui/FrontPage'
import { clearingError } from '../ui/clearing-error'
import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'
import { resolveJoinCode } from './resolve-join-code'
import './join.css'

/** Why the code did not open a board, as the page says it. */
type JoinProblem = { kind: 'malformed' | 'unknown' | 'failed' } | { kind: 'too-many'; retryAfterSeconds: number }

/**
 * `/j` and `/j/<code>`: for people on site who cannot scan the join QR code, a field for the
 * short code under it. A code that opens a board goes on to that board's phone page with the
 * participant link; a code in the address is tried at once. No tldraw here: like the phone page
 * itself, this is opened on mobile data (tests/browser/bundle-split.test.ts).
 */
export default function JoinPage({ code: codeInPath }: { code: string | null }) {
  const { t, locale } = useI18n()
  const [typed, setTyped] = useState(codeInPath ?? '')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<JoinProblem | null>(null)
  const input = useRef<HTMLInputElement>(null)

  async function join(text: string) {
    const code = normalizeJoinCode(text)
    // Cleared first, so that the same message shown again is announced again.
    setProblem(null)
    if (code === null) {
      setProblem({ kind: 'malformed' })
      input.current?.focus()
      return
    }
    setBusy(true)
    const answer = await resolveJoinCode(code)
    if (answer.kind === 'found') {
      location.assign(boardLink(location.origin, answer.boardId, answer.token, 'capture'))
      return
    }
    setBusy(false)
    setProblem(answer)
    input.current?.focus()
  }

  useEffect(() => {
    if (codeInPath !== null) void join(codeInPath)
    // Once, for the code the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  function onSubmit(event: FormEvent) {
    event.preventDefault()
    if (!busy) void join(typed)
  }

  const message =
    problem === null
      ? null
      : problem.kind === 'too-many'
        ? t(pluralKey(locale, 'join.error.tooMany', problem.retryAfterSeconds), { count: problem.retryAfterSeconds })
        : t(`join.error.${problem.kind === 'failed' ? 'offline' : problem.kind}`)

  return (
    <FrontPage>
      <main className="page page--narrow">
        <h1>{t('join.title')}</h1>
        <p>{t('join.body')}</p>
        <form onSubmit={onSubmit} noValidate>
          <Field id="join-code" label={t('join.label')} hint={t('join.hint')} error={message}>
            {(control) => (
              <input
                {...control}
                ref={input}
                name="join-code"
                className="join-code-input"
                type="text"
                inputMode="text"
                autoCapitalize="characters"
                autoComplete="off"
                autoCorrect="off"
                spellCheck={false}
                autoFocus
                value={typed}
                onChange={clearingError(setTyped, () => setProblem(null))}
              />
            )}
          </Field>
          <button className="button" type="submit" disabled={busy}>
            {busy ? t('join.busy') : t('join.button')}
          </button>
        </form>
      </main>
    </FrontPage>
  )
}
