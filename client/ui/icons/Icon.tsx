/**
 * The app's icons, drawn as SVG and bundled with it: emoji show as empty boxes on machines
 * without an emoji font (a projector's PC, a locked-down laptop). Each is a 24×24 line drawing in
 * the text colour. With a `label` the icon is an image with that name; without, it is decoration
 * next to a text that says the same.
 */
const PATHS = {
  hand: 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11 M11 11V4a1.5 1.5 0 0 1 3 0v7 M14 11V5.5a1.5 1.5 0 0 1 3 0V13 M17 9.5a1.5 1.5 0 0 1 3 0V15a7 7 0 0 1-7 7h-1a7 7 0 0 1-5.6-2.8L3.3 15a1.6 1.6 0 0 1 2.5-2L8 15.5',
  smile: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M8 14.5c1 1.3 2.4 2 4 2s3-.7 4-2 M9 9.5h.01 M15 9.5h.01',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4z M10 21h4',
  bellOff: 'M6 16V11a6 6 0 0 1 9-5.2 M18 11v5l2 2H8 M10 21h4 M3 3l18 18',
  lock: 'M5 11h14v10H5z M8 11V7a4 4 0 0 1 8 0v4',
  thumbsUp: 'M7 10v11H3V10z M7 10l4-7a2 2 0 0 1 3 2l-1 4h6a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 17.6 21H7',
  clap: 'M7 11l5-5a1.4 1.4 0 0 1 2 2l-3 3 M9 9l4.5-4.5a1.4 1.4 0 0 1 2 2L12 10 M12 10l3-3a1.4 1.4 0 0 1 2 2l-4 4 M13 13l2.5-2.5a1.4 1.4 0 0 1 2 2L12 18a5 5 0 0 1-7-7l2-2a1.4 1.4 0 0 1 2 2 M18 3l1-2 M21 6l2-1',
  heart: 'M12 20s-8-4.6-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5C20 15.4 12 20 12 20z',
  laugh: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M7 13h10a5 5 0 0 1-10 0z M8 9l2 1-2 1 M16 9l-2 1 2 1',
  thinking: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M9 15h5 M8.5 9.5h.01 M15 9.5h.01 M7.5 7l2-1',
  party: 'M3 21l5-14 9 9z M14 3v2 M19 8h2 M17 4l-2 2 M12 8c1-1 1-3 0-4 M16 12c1-1 3-1 4 0',
  plus: 'M12 5v14 M5 12h14',
} as const

export type IconName = keyof typeof PATHS

export function Icon({ name, label, className = '' }: { name: IconName; label?: string; className?: string }) {
  const naming = label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true }
  return (
    <svg className={`gb-icon ${className}`} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" focusable="false" {...naming}>
      {label && <title>{label}</title>}
      <path d={PATHS[name]} />
    </svg>
  )
}
