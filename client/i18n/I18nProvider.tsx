import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { isLocale, localeFromBrowser, translate, type Locale, type MessageKey } from './messages'
import { LOCAL_KEYS } from '../session/storage-keys'

export interface I18n {
  locale: Locale
  setLocale(locale: Locale): void
  t(key: MessageKey, params?: Record<string, string | number>): string
}

const I18nContext = createContext<I18n | null>(null)

function initialLocale(): Locale {
  const stored = localStorage.getItem(LOCAL_KEYS.locale)
  return isLocale(stored) ? stored : localeFromBrowser(navigator.languages)
}

/** Holds the interface language: from the browser at first, then whatever the person chose (remembered). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale)

  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCAL_KEYS.locale, next)
    setLocaleState(next)
  }, [])

  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])

  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  )
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

/**
 * Hands an interface language already chosen to a React tree outside the page's own, as tldraw's
 * image exports are: their shapes then read it with `useI18n` like everywhere else.
 */
export function I18nValueProvider({ value, children }: { value: I18n; children: ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext)
  if (!i18n) throw new Error('useI18n needs an <I18nProvider> above it')
  return i18n
}
