import type { ReactNode } from 'react'

/**
 * A file chooser that speaks the board's language: the browser's own file button says "Choose
 * File" and "No file chosen" in the browser's language, whatever the person chose on the page. A
 * label styled as our button carries our text, and the page says what was chosen; the input stays
 * in the page, hidden to the eye only, so the keyboard and screen readers reach it by that label
 * (focus shows on the label). The input lets go of each file once it is handed on, so the same
 * file can be chosen again (a photo removed, a backup refused and mended).
 */
export function FileButton({
  id,
  label,
  accept,
  capture,
  disabled = false,
  onChoose,
  testId,
}: {
  id: string
  label: ReactNode
  accept: string
  /** Which camera a phone opens (the `capture` attribute), if any. */
  capture?: 'environment' | 'user'
  disabled?: boolean
  onChoose(file: File): void
  testId?: string
}) {
  return (
    <span className="file-button">
      <input
        id={id}
        className="visually-hidden"
        type="file"
        accept={accept}
        capture={capture}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0]
          event.target.value = ''
          if (file) onChoose(file)
        }}
        data-testid={testId}
      />
      <label htmlFor={id} className="button button--quiet file-button__label" aria-disabled={disabled || undefined}>
        {label}
      </label>
    </span>
  )
}
