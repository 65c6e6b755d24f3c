import type { ReactNode } from 'react'
import { useI18n } from '../i18n/I18nProvider'

/**
 * A panel over the board (`.gb-panel`): a landmark named by its heading, with a close button
 * beside the heading. `className` adds the panel's own classes (placement, look).
 */
export function Panel({
  className,
  headingId,
  heading,
  testId,
  onClose,
  children,
}: {
  className: string
  headingId: string
  heading: ReactNode
  testId: string
  onClose(): void
  children: ReactNode
}) {
  const { t } = useI18n()
  return (
    <aside className={`gb-panel ${className}`} aria-labelledby={headingId} data-testid={testId}>
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
