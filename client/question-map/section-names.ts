import type { Section } from '../../shared/model/sections'
import type { MessageKey } from '../i18n/messages'

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/** A section's visible name: what the facilitator called it, or the default name of its kind. */
export function sectionName(section: Pick<Section, 'kind' | 'name'>, t: Translate): string {
  return section.name.trim() || t(`section.${section.kind}`)
}
