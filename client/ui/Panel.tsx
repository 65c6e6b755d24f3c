import type { ReactNode } from 'react'
import { useI18n } from '../i18n/I18nProvider'

/**
 * A panel over the board (`.gb-panel`): a landmark named by its heading, with a close button
 * beside the heading. `className` adds the panel's own classes (placement, look). A panel that
 * stays open beside the map names the edge it hugs in `reserve`: the map is then fitted into what
 * is left of the canvas (board/tldraw/free-area.ts), so the panel never covers what it is about.
 */
export function Panel({
  className,
  headingId,
  heading,
  testId,
  onClose,
  reserve,
  children,
}: {
  className: string
  headingId: string
  heading: ReactNode
  testId: string
  onClose(): void
  reserve?: 'left' | 'right'
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <aside className={`gb-panel ${className}`} aria-labelledby={headingId} data-testid={testId} data-gb-reserve={reserve}>
      <div className="gb-panel__head">
        <h2 id={headingId}>{heading}</h2>
        <button type="button" className="gb-icon-button" onClick={onClose} aria-label={t('panel.close')}>
          ×
        </button>
      </div>
      {children}
    </aside>
  )
}
