import type { ReactNode } from 'react'

/** What a field's control carries so that its label and its error message belong to it. */
export interface FieldControlProps {
  id: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
}

/**
 * A labelled form field (`.field`): the label, the control `children` renders with the props it is
 * given, and while there is an `error`, the message as an alert the control points to, so a screen
 * reader says it with the control. The message's id is the control's id plus `-error`.
 */
export function Field({
  id,
  label,
  error,
  children,
}: {
  id: string
  label: ReactNode
  /** The message to show; anything falsy shows none. */
  error?: ReactNode
  children(control: FieldControlProps): ReactNode
}) {
  const errorId = `${id}-error`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined })}
      {error ? (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
