import { useId, useState, type ReactNode } from 'react'
import { useI18n } from '../../i18n/I18nProvider'

/** An error whose message is already worded for the person (shown as it is). */
export class ShownError extends Error {
  override name = 'ShownError'
}

/** How the dialog's last action ended, for its status line. */
export type ActionStatus = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string }

/**
 * Runs one action at a time: `run` marks the dialog busy, then shows the text the action returned
 * (or nothing for null), or the error: a `ShownError` as it is, any other as `describeError` words it.
 */
export type RunAction = (action: () => Promise<string | null>) => Promise<void>

export function useActionStatus(describeError: (error: unknown) => string): { status: ActionStatus; run: RunAction } {
  const [status, setStatus] = useState<ActionStatus>({ kind: 'idle' })
  const run: RunAction = async (action) => {
    setStatus({ kind: 'busy' })
    try {
      const done = await action()
      setStatus(done ? { kind: 'done', text: done } : { kind: 'idle' })
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof ShownError ? error.message : describeError(error) })
    }
  }
  return { status, run }
}

/** A titled part of the dialog. */
export function Group({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="gb-export__group" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

/** Asks before something that cannot be undone. */
export function Confirm(props: { text: string; action: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n()
  return (
    <div className="gb-export__confirm" role="group">
      <p>{props.text}</p>
      <div className="dialog__actions">
        <button type="button" className="button button--small gb-export__danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.action}
        </button>
        <button type="button" className="button button--quiet button--small" disabled={props.busy} onClick={props.onCancel}>
          {t('export.cancel')}
        </button>
      </div>
    </div>
  )
}
