import type { Box } from './board-shapes'
import { TEMPLATE_SECTIONS, type SectionKind } from './sections'
import { frameSizeFor } from './slot-grid'

/**
 * The question map a new board starts with: the purpose in the middle, three sections above it
 * and two below, each section three cards wide and three deep (it grows as cards arrive).
 * Ids are fixed, so writing the template twice (a creator's tab reloading halfway) yields the very
 * same records instead of a second set.
 */

/** The shape in the middle that shows the meeting's title and purpose (read live from the meeting map). */
export const PURPOSE_SHAPE_TYPE = 'gb-purpose'

export const TEMPLATE_PURPOSE_ID = 'shape:gb-purpose'

export function templateSectionId(kind: SectionKind): string {
  return `shape:gb-section-${kind}`
}

/** Room between sections, for the frames' names that tldraw draws above them. */
const SPACING = 80

export const SECTION_SIZE = frameSizeFor(3, 3)

export interface QuestionMapLayout {
  purpose: Box & { id: string }
  sections: (Box & { id: string; kind: Exclude<SectionKind, 'custom'> })[]
}

export function questionMapLayout(): QuestionMapLayout {
  const { w, h } = SECTION_SIZE
  const step = w + SPACING
  const purposeY = h + SPACING
  const purposeH = 300
  const bottomY = purposeY + purposeH + SPACING
  const places: Record<Exclude<SectionKind, 'custom'>, { x: number; y: number }> = {
    questions: { x: 0, y: 0 },
    worked: { x: step, y: 0 },
    notWorked: { x: 2 * step, y: 0 },
    ideas: { x: step / 2, y: bottomY },
    commitments: { x: step * 1.5, y: bottomY },
  }
  return {
    purpose: { id: TEMPLATE_PURPOSE_ID, x: step, y: purposeY, w, h: purposeH },
    sections: TEMPLATE_SECTIONS.map((kind) => ({ id: templateSectionId(kind), kind, ...places[kind], w, h })),
  }
}
