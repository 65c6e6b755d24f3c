import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { rememberLinkToken, viewPath } from '../session/link-access'
import { AccountPanel } from '../account/AccountPanel'
import { signInPath } from '../account/account-api'
import { useAccount } from '../account/use-account'
import { FrontPage } from '../ui/FrontPage'
import { formatDateTime } from '../ui/format-day'
import { formatInstant } from '../../shared/minutes/dates'
import { boardAction, changeShare, duplicateMeeting, facilitatorToken, listMeetings, listShares, type MeetingSummary, type Share } from './meetings-api'
import './meetings.css'

type Loaded = { state: 'loading' } | { state: 'shown'; meetings: MeetingSummary[] } | { state: 'failed'; message: string }

/**
 * `/meetings`: a signed-in facilitator's boards, the ones they created and those shared with them,
 * last changed first, each to open, close or reopen, duplicate as a template, share with a
 * co-facilitator, or delete. Signed out, it offers the sign-in.
 */
export default function MyMeetingsPage() {
  const { t } = useI18n()
  const account = useAccount()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [status, setStatus] = useState('')
  const reload = useCallback(() => {
    listMeetings().then(
      (meetings) => setLoaded({ state: 'shown', meetings }),
      (error: Error) => setLoaded({ state: 'failed', message: error.message }),
    )
  }, [])
  const signedIn = account?.account != null
  useEffect(() => {
    if (signedIn) reload()
  }, [signedIn, reload])
  useEffect(() => {
    document.title = `${t('meetings.title')} · ${t('app.name')}`
  }, [t])

  const run = (action: () => Promise<string>) => {
    action().then(
      (done) => {
        setStatus(done)
        reload()
      },
      (error: Error) => setStatus(t('meetings.failed', { message: error.message })),
    )
  }

  return (
    <FrontPage>
      <main className="page gb-meetings">
        <h1>{t('meetings.title')}</h1>
        <AccountPanel state={account} />
        {account && !signedIn && (
          <p>
            <a href={signInPath('/meetings')}>{t('meetings.signIn')}</a>
          </p>
        )}
        <p role="status" className="gb-meetings__status" data-testid="meetings-status">
          {status}
        </p>
        {signedIn && loaded.state === 'loading' && <p>{t('board.loading')}</p>}
        {signedIn && loaded.state === 'failed' && <p role="alert">{t('meetings.failed', { message: loaded.message })}</p>}
        {signedIn && loaded.state === 'shown' && loaded.meetings.length === 0 && <p>{t('meetings.none')}</p>}
        {signedIn && loaded.state === 'shown' && (
          <ul className="gb-meetings__list">
            {loaded.meetings.map((meeting) => (
              <li key={meeting.id}>
                <MeetingEntry meeting={meeting} run={run} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/">{t('board.backToStart')}</a>
        </p>
      </main>
    </FrontPage>
  )
}

function MeetingEntry({ meeting, run }: { meeting: MeetingSummary; run: (action: () => Promise<string>) => void }) {
  const { t, locale } = useI18n()
  const headingId = useId()
  const [deleting, setDeleting] = useState(false)
  const title = meeting.title || t('meetings.untitled')
  const closing = meeting.status === 'open'
  /** Runs a change of this meeting and says what it did. */
  const act = (change: () => Promise<unknown>, done: 'meetings.wasClosed' | 'meetings.wasReopened' | 'meetings.duplicated' | 'meetings.deleted') =>
    run(async () => {
      await change()
      return t(done, { title })
    })
  const instant = (iso: string) => formatInstant(iso, locale, Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
  const open = () =>
    run(async () => {
      const token = await facilitatorToken(meeting.id)
      rememberLinkToken(meeting.id, token)
      location.assign(viewPath(meeting.id, 'board', token))
      return ''
    })
  return (
    <article className="gb-meeting" aria-labelledby={headingId} data-testid="meeting" data-board={meeting.id}>
      <h2 id={headingId}>{title}</h2>
      <dl className="gb-meeting__facts">
        {meeting.startsAt && (
          <>
            <dt>{t('meetings.when')}</dt>
            <dd>{formatDateTime(meeting.startsAt, locale)}</dd>
          </>
        )}
        {meeting.place && (
          <>
            <dt>{t('meetings.where')}</dt>
            <dd>{meeting.place}</dd>
          </>
        )}
        <dt>{t('meetings.status')}</dt>
        <dd data-testid="meeting-status">
          {meeting.status === 'open' ? t('meetings.open') : t('meetings.closed', { date: instant(meeting.closedAt!) })}
          {meeting.deletesAt && ` ${t('archive.deletesAt', { date: instant(meeting.deletesAt) })}`}
        </dd>
        <dt>{t('meetings.counts')}</dt>
        <dd>{t('meetings.countsValue', { cards: meeting.cards, attendees: meeting.attendees })}</dd>
        <dt>{t('meetings.changed')}</dt>
        <dd>{instant(meeting.updatedAt)}</dd>
        {meeting.tie === 'co-facilitator' && (
          <>
            <dt>{t('meetings.role')}</dt>
            <dd>{t('meetings.shared')}</dd>
          </>
        )}
      </dl>
      <div className="dialog__actions">
        <button type="button" className="button button--small" onClick={open}>
          {t('meetings.openBoard')}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={() => act(() => boardAction(meeting.id, closing ? 'close' : 'reopen'), closing ? 'meetings.wasClosed' : 'meetings.wasReopened')}>
          {closing ? t('meetings.close') : t('meetings.reopen')}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={() => act(() => duplicateMeeting(meeting.id), 'meetings.duplicated')}>
          {t('meetings.duplicate')}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={() => setDeleting(true)}>
          {t('meetings.delete')}
        </button>
      </div>
      {deleting && (
        <div className="gb-meeting__confirm" role="group" aria-label={t('meetings.delete')}>
          <p>{t('personalData.deleteConfirm', { name: title })}</p>
          <div className="dialog__actions">
            <button type="button" className="button button--small gb-meeting__danger" onClick={() => act(() => boardAction(meeting.id, 'delete', meeting.id), 'meetings.deleted')}>
              {t('personalData.deleteButton')}
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => setDeleting(false)}>
              {t('export.cancel')}
            </button>
          </div>
        </div>
      )}
      <CoFacilitators boardId={meeting.id} />
    </article>
  )
}

/** Whom the board is shared with, and a form to add someone by e-mail address or user name. */
function CoFacilitators({ boardId }: { boardId: string }) {
  const { t } = useI18n()
  const [shares, setShares] = useState<Share[] | null>(null)
  const [kind, setKind] = useState<Share['kind']>('email')
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const kindId = useId()
  const valueId = useId()
  const change = (share: Share, add: boolean) =>
    changeShare(boardId, share, add).then(
      (next) => {
        setShares(next)
        setError(null)
        if (add) setValue('')
      },
      (failed: Error) => setError(t('meetings.failed', { message: failed.message })),
    )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void change({ kind, value }, true)
  }
  return (
    <details className="gb-meeting__shares" onToggle={(event) => (event.currentTarget.open && shares === null ? void listShares(boardId).then(setShares, () => setShares([])) : undefined)}>
      <summary>{t('meetings.coFacilitators')}</summary>
      <p>{t('meetings.coFacilitatorsHint')}</p>
      {shares && shares.length > 0 && (
        <ul>
          {shares.map((share) => (
            <li key={`${share.kind}:${share.value}`}>
              {share.value}{' '}
              <button type="button" className="button button--quiet button--small" onClick={() => void change(share, false)}>
                {t('meetings.unshare', { who: share.value })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="gb-meeting__share-form" onSubmit={submit}>
        <label htmlFor={kindId}>{t('meetings.shareBy')}</label>
        <select id={kindId} value={kind} onChange={(event) => setKind(event.target.value as Share['kind'])}>
          <option value="email">{t('meetings.byEmail')}</option>
          <option value="username">{t('meetings.byUsername')}</option>
        </select>
        <label htmlFor={valueId}>{kind === 'email' ? t('meetings.byEmail') : t('meetings.byUsername')}</label>
        <input id={valueId} value={value} required autoComplete="off" onChange={(event) => setValue(event.target.value)} />
        <button type="submit" className="button button--small">
          {t('meetings.share')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
    </details>
  )
}
