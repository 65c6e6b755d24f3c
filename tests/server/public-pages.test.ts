/**
 * The texts of the public pages against a real server: the shipped templates with the operator's
 * settings filled in (contact, name, the retention period), the operator's own file in DATA_DIR
 * replacing a template (per language, or one for both), the imprint leading to IMPRINT_URL, and
 * clear errors for an unknown page or language.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PublicPageText } from '../../shared/public-pages'
import { readConfig } from '../../server/config'
import { serversPerTest } from '../helpers/server'

const startServer = serversPerTest()

async function pageOf(url: string, page: string, lang: string): Promise<PublicPageText> {
  const response = await fetch(`${url}/api/pages/${page}?lang=${lang}`)
  expect(response.status).toBe(200)
  return (await response.json()) as PublicPageText
}

describe('the public pages', () => {
  it('fills the templates with what the operator set, in both languages', async () => {
    const server = await startServer({
      retentionDays: 90,
      publicPages: { operatorName: 'Stadt Görlitz, Amt für Stadtentwicklung', accessibilityContact: 'barrierefrei@goerlitz.example' },
    })
    const de = await pageOf(server.url, 'accessibility', 'de')
    expect(de.source).toBe('template')
    expect(de.text).toContain('# Erklärung zur Barrierefreiheit')
    expect(de.text).toContain('Stadt Görlitz, Amt für Stadtentwicklung ist bemüht')
    expect(de.text).toContain('barrierefrei@goerlitz.example')
    expect(de.text).toMatch(/Zeichenfläche.*Screenreader nicht bedienbar/)
    expect(de.text).toContain('Gliederung')
    expect(de.text).not.toMatch(/\{\{\w+\}\}/)
    const en = await pageOf(server.url, 'accessibility', 'en')
    expect(en.text).toContain('# Accessibility statement')
    expect(en.text).toMatch(/cannot be used with a screen reader/)
    expect(en.text).toContain('barrierefrei@goerlitz.example')

    const privacy = await pageOf(server.url, 'privacy', 'en')
    expect(privacy.text).toContain('deletes its board with everything of it automatically 90 days later')
    expect(privacy.text).toContain('The server writes IP addresses neither to log files nor to its database')
    // Not configured: the text says which variable is missing instead of leaving a gap.
    expect(privacy.text).toContain('PRIVACY_CONTACT')
    expect(privacy.text).not.toMatch(/\{\{\w+\}\}/)
  })

  it('without a retention period says boards stay until the facilitator deletes them', async () => {
    const server = await startServer()
    const privacy = await pageOf(server.url, 'privacy', 'de')
    expect(privacy.text).toContain('Ein Board bleibt gespeichert, bis die Moderation es löscht')
    // A placeholder that opens a sentence starts with a capital.
    expect((await pageOf(server.url, 'accessibility', 'de')).text).toContain('\nDie betreibende Stelle ist bemüht')
  })

  it("serves the operator's own file from DATA_DIR/pages, per language or for both", async () => {
    const server = await startServer({ publicPages: { operatorName: 'Stadt Bautzen' } })
    const dir = path.join(server.dataDir, 'pages')
    await mkdir(dir)
    await writeFile(path.join(dir, 'privacy.de.md'), '# Datenschutz der Stadt\n\nBetrieben von {{operator}}.\n')
    await writeFile(path.join(dir, 'imprint.md'), '# Impressum / Imprint\n\nRathaus, 02625 Bautzen\n')
    const own = await pageOf(server.url, 'privacy', 'de')
    expect(own).toEqual({ page: 'privacy', lang: 'de', source: 'operator', text: '# Datenschutz der Stadt\n\nBetrieben von Stadt Bautzen.\n', url: null })
    expect((await pageOf(server.url, 'privacy', 'en')).source).toBe('template')
    for (const lang of ['de', 'en']) expect((await pageOf(server.url, 'imprint', lang)).text).toContain('Rathaus, 02625 Bautzen')
  })

  it('leads /imprint to IMPRINT_URL when the operator has one, and serves the page otherwise', async () => {
    const withUrl = await startServer({ publicPages: { imprintUrl: 'https://www.goerlitz.example/impressum' } })
    const redirect = await fetch(`${withUrl.url}/imprint`, { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe('https://www.goerlitz.example/impressum')
    // For a page the service worker answered from its app shell: the page goes there itself.
    expect((await pageOf(withUrl.url, 'imprint', 'de')).url).toBe('https://www.goerlitz.example/impressum')
    expect((await pageOf(withUrl.url, 'privacy', 'de')).url).toBeNull()
    const without = await startServer()
    expect((await fetch(`${without.url}/imprint`, { redirect: 'manual' })).status).not.toBe(302)
    expect((await pageOf(without.url, 'imprint', 'en')).text).toContain('IMPRINT_URL')
  })

  it('answers an unknown page with 404 and another language with 400, as JSON', async () => {
    const server = await startServer()
    const unknown = await fetch(`${server.url}/api/pages/cookies?lang=de`)
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: string }).error).toMatch(/accessibility, privacy and imprint/)
    const language = await fetch(`${server.url}/api/pages/privacy?lang=fr`)
    expect(language.status).toBe(400)
    expect(((await language.json()) as { error: string }).error).toBe('lang must be de or en')
    const traversal = await fetch(`${server.url}/api/pages/..%2Fgatherboard.sqlite?lang=de`)
    expect(traversal.status).toBe(404)
  })

  it('reads the settings from the environment and refuses an imprint address that is not http(s)', () => {
    const config = readConfig({ DATA_DIR: '/srv/gb', OPERATOR_NAME: 'Stadt Zittau', ACCESSIBILITY_CONTACT: 'a11y@zittau.example', IMPRINT_URL: 'https://zittau.example/impressum' })
    expect(config.publicPages).toEqual({
      dir: '/srv/gb/pages',
      imprintUrl: 'https://zittau.example/impressum',
      operatorName: 'Stadt Zittau',
      accessibilityContact: 'a11y@zittau.example',
      privacyContact: null,
    })
    expect(readConfig({ PAGES_DIR: '/etc/gatherboard/pages' }).publicPages.dir).toBe('/etc/gatherboard/pages')
    expect(() => readConfig({ IMPRINT_URL: 'javascript:alert(1)' })).toThrow(/IMPRINT_URL must be an http\(s\) URL/)
  })
})
