import './widgets.css'
import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A modal dialog on the browser's own <dialog>: it keeps keyboard focus inside, makes the rest of
 * the page inert for screen readers, and returns focus where it was when it closes. Escape closes
 * it only when there is something to go back to (`onCancel`).
 */
export function ModalDialog({
  labelledBy,
  onCancel,
  backdrop = 'dim',
  wide = false,
  children,
}: {
  labelledBy: string
  onCancel?: () => void
  /** 'solid' hides the board completely (joining), 'dim' keeps it visible behind. */
  backdrop?: 'solid' | 'dim'
  wide?: boolean
  children: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const returnFocusTo = document.activeElement as HTMLElement | null
    if (!dialog.open) dialog.showModal()
    return () => {
      dialog.close()
      returnFocusTo?.focus?.()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${backdrop}${wide ? ' dialog--wide' : ''}`}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault()
        onCancel?.()
      }}
      // Keys typed in a dialog are ours, not tldraw's shortcuts.
      onKeyDown={(event) => event.stopPropagation()}
    >
      {children}
    </dialog>
  )
}
