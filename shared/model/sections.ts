/**
 * The kinds of section a question map has. A section is a tldraw frame whose `meta.section` holds
 * one of these; its visible name is the frame's own `props.name` (which the facilitator may rename),
 * so the kind survives renaming and translation. Frames without `meta.section` are not sections.
 */
export const SECTION_KINDS = ['questions', 'worked', 'notWorked', 'ideas', 'commitments', 'custom'] as const
export type SectionKind = (typeof SECTION_KINDS)[number]

/** The sections a new question map starts with, in reading order (the purpose sits in the centre). */
export const TEMPLATE_SECTIONS: readonly Exclude<SectionKind, 'custom'>[] = [
  'questions',
  'worked',
  'notWorked',
  'ideas',
  'commitments',
]

export function isSectionKind(value: unknown): value is SectionKind {
  return typeof value === 'string' && (SECTION_KINDS as readonly string[]).includes(value)
}
