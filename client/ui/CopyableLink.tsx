import './widgets.css'
import { useState, type FocusEvent, type MouseEvent } from 'react'
import { useI18n } from '../i18n/I18nProvider'

/**
 * A link to pass on: a read-only box that shows the link's start (where people recognise it) and
 * selects all of it when focused, and a "Copy" button that does not change its width when it
 * turns into "Copied" (both words take the same cell, the one not shown is hidden), so the row
 * does not jump. `shown` is what the box says, when that is not the link itself (a short address
 * without `https://`): "Copy" copies the whole link.
 */
export function CopyableLink({ url, shown = url, label, testId }: { url: string; shown?: string; label: string; testId?: string }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard?.writeText(url).catch(() => {})
    setCopied(true)
  }
  return (
    <span className="gb-copyable" data-testid={testId}>
      <input className="gb-copyable__url" readOnly value={shown} aria-label={label} title={url} onFocus={selectAllFromStart} onMouseUp={keepSelection} />
      <button type="button" className="button button--small gb-copyable__copy" onClick={() => void copy()} data-copied={copied}>
        <span aria-hidden={copied}>{t('links.copy')}</span>
        <span aria-hidden={!copied}>{t('links.copied')}</span>
      </button>
    </span>
  )
}

/** Selects the whole link with the caret at its start: the box keeps showing the beginning. */
function selectAllFromStart(event: FocusEvent<HTMLInputElement>) {
  const input = event.currentTarget
  input.setSelectionRange(0, input.value.length, 'backward')
  input.scrollLeft = 0
}

/** The click that focused the box would put the caret where it landed and drop the selection. */
function keepSelection(event: MouseEvent<HTMLInputElement>) {
  if (event.currentTarget.selectionStart === event.currentTarget.selectionEnd) {
    event.preventDefault()
    event.currentTarget.setSelectionRange(0, event.currentTarget.value.length, 'backward')
  }
}
