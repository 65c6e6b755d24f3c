import { FRAME_SHAPE_TYPE, type ShapeRecord } from './board-shapes'

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

/** The key in a frame's `meta` that makes it a section. */
export const SECTION_META_KEY = 'section'

/** The kind of section a frame is, or null when the frame is not a section. */
export function sectionKindOf(shape: Pick<ShapeRecord, 'type' | 'meta'>): SectionKind | null {
  if (shape.type !== FRAME_SHAPE_TYPE) return null
  const kind = shape.meta[SECTION_META_KEY]
  return isSectionKind(kind) ? kind : null
}

export interface Section {
  id: string
  kind: SectionKind
  /** The frame's name as shown on the board; empty when nobody named it. */
  name: string
}

export function sectionFromFrame(frame: ShapeRecord): Section | null {
  const kind = sectionKindOf(frame)
  if (!kind) return null
  const name = frame.props.name
  return { id: frame.id, kind, name: typeof name === 'string' ? name : '' }
}

/**
 * The section a shape belongs to: the nearest frame above it that is a section (a card may sit in a
 * cluster inside the section). Null for shapes outside every section.
 */
export function sectionOf(shape: ShapeRecord, shapes: Pick<ReadonlyMap<string, ShapeRecord>, 'get'>): Section | null {
  const seen = new Set([shape.id])
  let parent = shapes.get(shape.parentId)
  while (parent && !seen.has(parent.id)) {
    const section = sectionFromFrame(parent)
    if (section) return section
    seen.add(parent.id)
    parent = shapes.get(parent.parentId)
  }
  return null
}

/**
 * The sections a shape may belong to when the records it and its parents fold from are not known
 * yet (while an update is judged): `versionsOf` gives every version a shape may fold to (one per
 * live entry of its record), and each path through the versions of its parents ends at the
 * nearest section frame above, as `sectionOf` finds it for one version each.
 */
export function possibleSectionsOf(shape: ShapeRecord, versionsOf: (id: string) => readonly ShapeRecord[]): Set<string> {
  const sections = new Set<string>()
  const seen = new Set([shape.id])
  const pending = [shape.parentId]
  while (pending.length > 0) {
    const parentId = pending.pop()!
    if (seen.has(parentId)) continue
    seen.add(parentId)
    for (const parent of versionsOf(parentId)) {
      if (sectionFromFrame(parent)) sections.add(parent.id)
      else pending.push(parent.parentId)
    }
  }
  return sections
}

/** The section a shape is (a section frame) or belongs to (`sectionOf`); null outside every section. */
export function sectionAt(shape: ShapeRecord, shapes: Pick<ReadonlyMap<string, ShapeRecord>, 'get'>): Section | null {
  return sectionFromFrame(shape) ?? sectionOf(shape, shapes)
}
