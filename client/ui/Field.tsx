import type { ReactNode } from 'react'

/** What a field's control carries so that its label and its error message belong to it. */
export interface FieldControlProps {
  id: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
}

/**
 * A labelled form field (`.field`): the label, an optional `hint` under it, the control `children`
 * renders with the props it is given, and while there is an `error`, the message as an alert the
 * control points to, so a screen reader says it with the control (after the hint). The message's
 * id is the control's id plus `-error`, the hint's plus `-hint`.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string
  label: ReactNode
  /** Text that explains the field, always shown and described with the control. */
  hint?: ReactNode
  /** The message to show; anything falsy shows none. */
  error?: ReactNode
  children(control: FieldControlProps): ReactNode
}) {
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error ? (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
