/**
 * The meeting's purpose as a paragraph (nothing when it has none), introduced for screen readers by
 * `label` so it is not read as a stray sentence.
 */
export function MeetingPurpose({ purpose, label, className }: { purpose: string; label: string; className: string }) {
  if (!purpose) return null
  return (
    <p className={className}>
      <span className="visually-hidden">{label}: </span>
      {purpose}
    </p>
  )
}
