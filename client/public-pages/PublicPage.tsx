import { Fragment, useEffect, useState, type ReactNode } from 'react'
import type { PublicPage as PublicPageName, PublicPageText } from '../../shared/public-pages'
import { useI18n } from '../i18n/I18nProvider'
import { requestJson } from '../session/api'
import { FrontPage } from '../ui/FrontPage'
import { parsePageText, type Block, type Inline } from './page-text'
import './public-page.css'

type Loaded = { state: 'loading' } | { state: 'shown'; text: PublicPageText } | { state: 'failed'; message: string }

/**
 * The accessibility statement, the privacy notice or the imprint, in the reader's language: the
 * operator's text or the shipped template, as the server has it (server/features/public-pages).
 */
export default function PublicPage({ name }: { name: PublicPageName }) {
  const { t, locale } = useI18n()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  useEffect(() => {
    let current = true
    setLoaded({ state: 'loading' })
    requestJson<PublicPageText>(`/api/pages/${name}?lang=${locale}`).then(
      (text) => {
        // The operator's imprint on their own website (the server redirects too, unless the service worker answered).
        if (text.url !== null) location.replace(text.url)
        else if (current) setLoaded({ state: 'shown', text })
      },
      (error: Error) => current && setLoaded({ state: 'failed', message: error.message }),
    )
    return () => {
      current = false
    }
  }, [name, locale])
  useEffect(() => {
    document.title = `${t(`publicPages.${name}.link`)} · ${t('app.name')}`
  }, [name, t])

  return (
    <FrontPage>
      <main className="page page--narrow gb-public-page" data-testid="public-page" data-page={name}>
        {loaded.state === 'loading' && <p role="status">{t('board.loading')}</p>}
        {loaded.state === 'failed' && (
          <>
            <h1>{t(`publicPages.${name}.link`)}</h1>
            <p role="alert">{t('publicPages.failed', { message: loaded.message })}</p>
          </>
        )}
        {loaded.state === 'shown' && parsePageText(loaded.text.text).map((block, index) => <PageBlock key={index} block={block} />)}
      </main>
    </FrontPage>
  )
}

function PageBlock({ block }: { block: Block }) {
  switch (block.kind) {
    case 'title':
      return <h1>{inlines(block.content)}</h1>
    case 'heading':
      return <h2>{inlines(block.content)}</h2>
    case 'paragraph':
      return <p>{inlines(block.content)}</p>
    case 'list':
      return (
        <ul>
          {block.items.map((item, index) => (
            <li key={index}>{inlines(item)}</li>
          ))}
        </ul>
      )
  }
}

function inlines(parts: readonly Inline[]): ReactNode {
  return parts.map((part, index) => (
    <Fragment key={index}>
      {part.kind === 'text' ? part.text : part.kind === 'bold' ? <strong>{part.text}</strong> : <a href={part.href}>{part.text}</a>}
    </Fragment>
  ))
}
