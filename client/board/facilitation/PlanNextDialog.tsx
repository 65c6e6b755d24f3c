import { useState, type FormEvent } from 'react'
import type { Meeting } from '../../../shared/model/meeting'
import type { MinutesCard } from '../../../shared/minutes/types'
import { useI18n } from '../../i18n/I18nProvider'
import { pluralKey } from '../../i18n/plural'
import { rememberLinkToken } from '../../session/link-access'
import { savePendingSetup } from '../../session/pending-setup'
import { planNextMeeting, type BoardSeries } from '../../session/series-api'
import { DialogActions } from '../../ui/DialogActions'
import { ModalDialog } from '../../ui/ModalDialog'
import { FailureNote } from './FailureNote'

type Candidates = NonNullable<BoardSeries['candidates']>

/**
 * The facilitator picks what carries into the next meeting of the series: the open questions
 * (ranked by the last voting round, those that got votes picked to start with) and the ideas to
 * pursue; every commitment carries over with its status. Then the next board opens, laid out.
 */
export function PlanNextDialog({ boardId, meeting, candidates, onClose }: { boardId: string; meeting: Meeting; candidates: Candidates; onClose(): void }) {
  const { t, locale } = useI18n()
  const [questions, setQuestions] = useState(() => candidates.questions.filter((card) => (card.votes ?? 0) > 0).map((card) => card.id))
  const [ideas, setIdeas] = useState<string[]>([])
  const [title, setTitle] = useState(meeting.title)
  const [startsAt, setStartsAt] = useState('')
  const [place, setPlace] = useState('')
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    try {
      const created = await planNextMeeting(boardId, { questions, ideas, meeting: { title, startsAt, place } })
      savePendingSetup(created.id, { meeting: created.setup.meeting, layout: 'questionMap', carryOver: created.setup.carryOver })
      rememberLinkToken(created.id, created.tokens.facilitator)
      location.assign(created.url)
    } catch (error) {
      setBusy(false)
      setFailure(error instanceof Error ? error.message : String(error))
    }
  }
  const picker = (legend: string, cards: readonly MinutesCard[], picked: string[], setPicked: (ids: string[]) => void) => (
    <fieldset className="gb-plan__cards">
      <legend>{legend}</legend>
      {cards.length === 0 && <p>{t('series.plan.none')}</p>}
      {cards.map((card) => (
        <label key={card.id} className="gb-plan__card">
          <input
            type="checkbox"
            checked={picked.includes(card.id)}
            onChange={(e) => setPicked(e.target.checked ? [...picked, card.id] : picked.filter((id) => id !== card.id))}
          />
          {card.text}
          {card.votes !== null && <> ({t(pluralKey(locale, 'series.plan.votes', card.votes), { count: card.votes })})</>}
        </label>
      ))}
    </fieldset>
  )
  return (
    <ModalDialog labelledBy="gb-plan-title" onCancel={onClose} wide>
      <form onSubmit={(event) => void submit(event)} data-testid="plan-next-dialog">
        <h1 id="gb-plan-title">{t('series.planNext')}</h1>
        <label className="field">
          <span>{t('series.plan.title')}</span>
          <input value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('series.plan.startsAt')}</span>
            <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('series.plan.place')}</span>
            <input value={place} maxLength={120} onChange={(e) => setPlace(e.target.value)} />
          </label>
        </div>
        {picker(t('series.plan.questions'), candidates.questions, questions, setQuestions)}
        {picker(t('series.plan.ideas'), candidates.ideas, ideas, setIdeas)}
        <fieldset className="gb-plan__cards">
          <legend>{t('series.plan.commitments')}</legend>
          {candidates.commitments.length === 0 && <p>{t('series.plan.none')}</p>}
          <ul>
            {candidates.commitments.map((card) => (
              <li key={card.id}>
                {card.text} – {t(`commitment.status.${card.status}`)}
              </li>
            ))}
          </ul>
        </fieldset>
        <FailureNote message={failure} />
        <DialogActions submit={t('series.plan.create')} submitDisabled={busy} onCancel={onClose} />
      </form>
    </ModalDialog>
  )
}
