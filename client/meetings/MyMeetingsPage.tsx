import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { pluralKey } from '../i18n/plural'
import { rememberLinkToken, viewPath } from '../session/link-access'
import { AccountPanel } from '../account/AccountPanel'
import { signInPath } from '../account/account-api'
import { useAccount } from '../account/use-account'
import { FrontPage } from '../ui/FrontPage'
import { formatDateTime } from '../ui/format-day'
import { formatInstant } from '../../shared/minutes/dates'
import { ApiError } from '../session/api'
import { rememberSeriesToken } from '../session/series-api'
import { seriesPath } from '../../shared/series/series-links'
import {
  boardAction,
  changeShare,
  duplicateMeeting,
  listMeetings,
  listSeries,
  listShares,
  ownedToken,
  type MeetingSummary,
  type OwnedKind,
  type SeriesSummary,
  type Share,
} from './meetings-api'
import './meetings.css'

/** `series` is null on a server that keeps no series (an embedder's storage). */
type Loaded =
  | { state: 'loading' }
  | { state: 'shown'; meetings: MeetingSummary[]; series: SeriesSummary[] | null }
  | { state: 'failed'; message: string }

/** The series list, or null when this server has none (404). */
const seriesOrNone = () => listSeries().catch((error: unknown) => (error instanceof ApiError && error.status === 404 ? null : Promise.reject(error)))

/**
 * `/meetings`: a signed-in facilitator's boards and meeting series, the ones they created and those
 * shared with them. Boards last changed first, each to open, close or reopen, duplicate as a
 * template, share with a co-facilitator, or delete; series with the next meeting first, each to open
 * as manager or share. Signed out, it offers the sign-in.
 */
export default function MyMeetingsPage() {
  const { t } = useI18n()
  const account = useAccount()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [status, setStatus] = useState('')
  const reload = useCallback(() => {
    Promise.all([listMeetings(), seriesOrNone()]).then(
      ([meetings, series]) => setLoaded({ state: 'shown', meetings, series }),
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
        {signedIn && loaded.state === 'shown' && loaded.series && (
          <section aria-labelledby="my-series">
            <h2 id="my-series">{t('meetings.seriesHeading')}</h2>
            {loaded.series.length === 0 && <p>{t('meetings.noSeries')}</p>}
            <ul className="gb-meetings__list">
              {loaded.series.map((series) => (
                <li key={series.id}>
                  <SeriesEntry series={series} run={run} />
                </li>
              ))}
            </ul>
          </section>
        )}
        {signedIn && loaded.state === 'shown' && (
          <section aria-labelledby="my-boards">
            <h2 id="my-boards">{t('meetings.boardsHeading')}</h2>
            {loaded.meetings.length === 0 && <p>{t('meetings.none')}</p>}
            <ul className="gb-meetings__list">
              {loaded.meetings.map((meeting) => (
                <li key={meeting.id}>
                  <MeetingEntry meeting={meeting} run={run} />
                </li>
              ))}
            </ul>
          </section>
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
      const token = await ownedToken('boards', meeting.id)
      rememberLinkToken(meeting.id, token)
      location.assign(viewPath(meeting.id, 'board', token))
      return ''
    })
  return (
    <article className="gb-meeting" aria-labelledby={headingId} data-testid="meeting" data-board={meeting.id}>
      <h3 id={headingId}>{title}</h3>
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
      <CoFacilitators kind="boards" id={meeting.id} />
    </article>
  )
}

/** One meeting series: its meetings, the next and last date, the cities; opened as manager, shared. */
function SeriesEntry({ series, run }: { series: SeriesSummary; run: (action: () => Promise<string>) => void }) {
  const { t, locale } = useI18n()
  const headingId = useId()
  const open = () =>
    run(async () => {
      rememberSeriesToken(series.id, await ownedToken('series', series.id))
      location.assign(seriesPath(series.id))
      return ''
    })
  return (
    <article className="gb-meeting" aria-labelledby={headingId} data-testid="series" data-series={series.id}>
      <h3 id={headingId}>{series.title}</h3>
      <dl className="gb-meeting__facts">
        <dt>{t('series.meetings')}</dt>
        <dd>{t(pluralKey(locale, 'meetings.seriesCount', series.meetings), { count: series.meetings })}</dd>
        {series.nextMeeting && (
          <>
            <dt>{t('meetings.nextMeeting')}</dt>
            <dd>{formatDateTime(series.nextMeeting, locale)}</dd>
          </>
        )}
        {series.lastMeeting && (
          <>
            <dt>{t('meetings.lastMeeting')}</dt>
            <dd>{formatDateTime(series.lastMeeting, locale)}</dd>
          </>
        )}
        {series.cities.length > 0 && (
          <>
            <dt>{t('series.cities')}</dt>
            <dd>{series.cities.join(', ')}</dd>
          </>
        )}
        {series.tie === 'co-facilitator' && (
          <>
            <dt>{t('meetings.role')}</dt>
            <dd>{t('meetings.sharedSeries')}</dd>
          </>
        )}
      </dl>
      <div className="dialog__actions">
        <button type="button" className="button button--small" onClick={open}>
          {t('meetings.openSeries')}
        </button>
      </div>
      <CoFacilitators kind="series" id={series.id} />
    </article>
  )
}

/** Whom the board or series is shared with, and a form to add someone by e-mail address or user name. */
function CoFacilitators({ kind: owned, id }: { kind: OwnedKind; id: string }) {
  const { t } = useI18n()
  const [shares, setShares] = useState<Share[] | null>(null)
  const [kind, setKind] = useState<Share['kind']>('email')
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const kindId = useId()
  const valueId = useId()
  const change = (share: Share, add: boolean) =>
    changeShare(owned, id, share, add).then(
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
    <details className="gb-meeting__shares" onToggle={(event) => (event.currentTarget.open && shares === null ? void listShares(owned, id).then(setShares, () => setShares([])) : undefined)}>
      <summary>{t('meetings.coFacilitators')}</summary>
      <p>{t(owned === 'boards' ? 'meetings.coFacilitatorsHint' : 'meetings.seriesCoFacilitatorsHint')}</p>
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
