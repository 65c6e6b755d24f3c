import de from './de.json'
import en from './en.json'

/** Every text of ours, keyed. English is the reference: German must have exactly the same keys. */
export type MessageKey = keyof typeof en

/** The interface languages we ship. tldraw's own texts use the same codes. */
export const LOCALES = ['de', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export const messages: Record<Locale, Record<MessageKey, string>> = { de, en }

/**
 * Looks up a text and fills `{name}` placeholders.
 * A missing parameter stays visible as `{name}` so the gap is noticed rather than hidden.
 */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = messages[locale][key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** Picks the first of the browser's preferred languages that we ship; English otherwise. */
export function localeFromBrowser(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0]
    if (isLocale(base)) return base
  }
  return 'en'
}
