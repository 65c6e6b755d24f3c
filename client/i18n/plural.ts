import type { Locale, MessageKey } from './messages'

/** Message keys that come in a `.one` and an `.other` form. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never
}[MessageKey]

/** The form of a counted text to use for `count` in `locale` (German and English have one and other). */
export function pluralKey(locale: Locale, base: PluralKey, count: number): MessageKey {
  const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other'
  return `${base}.${form}` as MessageKey
}
