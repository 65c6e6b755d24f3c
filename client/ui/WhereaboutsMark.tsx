import type { Whereabouts } from '../../shared/model/participant'

/** The small on-site (pin) or remote (screen) sign. Decorative: the text next to it says the same. */
export function WhereaboutsMark({ whereabouts }: { whereabouts: Whereabouts }) {
  return (
    <svg className={`gb-mark gb-mark--${whereabouts}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {whereabouts === 'onsite' ? (
        <path d="M8 1a5 5 0 0 0-5 5c0 3.6 5 9 5 9s5-5.4 5-9a5 5 0 0 0-5-5zm0 7a2 2 0 1 1 0-4 2 2 0 0 1 0 4z" fill="currentColor" />
      ) : (
        <path d="M2 3h12v8H2zM1 13h14v1H1z M3.5 4.5v5h9v-5z" fill="currentColor" fillRule="evenodd" />
      )}
    </svg>
  )
}
