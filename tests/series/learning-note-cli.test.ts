/**
 * The learning note over HTTP and from `npm run export -- --series <id>` (the compiled script, on
 * the running server's data directory): the same bytes in every format; links enforced; clear errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NOTE_FORMATS } from '../../shared/series/learning-note/formats'
import { pdfPageTexts } from '../helpers/pdf'
import { startTestServer, type TestServer } from '../helpers/server'
import type { Board } from '../server/roles-fixtures'
import { addMeeting, call, createSeries, meetingOne, runExport, type CreatedSeries } from './series-fixtures'

const exportNote = (args: string[], dataDir: string) => runExport(args, { DATA_DIR: dataDir })

let server: TestServer
let series: CreatedSeries
let one: Board

beforeAll(async () => {
  server = await startTestServer()
  series = await createSeries(server)
  one = await meetingOne(server)
  await addMeeting(server, series, one)
  // A status report, so the note tells what became of a commitment.
  const [first] = (await (await call(server, series.tokens.manage, `/api/series/${series.id}/commitments`)).json()) as { id: string }[]
  await call(server, series.tokens.manage, `/api/commitments/${first!.id}/status`, { body: { status: 'inProgress', note: 'Template in review' } })
})
afterAll(() => server.close())

describe('the learning note of a series', () => {
  for (const format of NOTE_FORMATS) {
    it(`is the same in ${format} over HTTP and from the command line`, async () => {
      const query = '?lang=de&tz=Europe/Berlin'
      const response = await call(server, series.tokens.read, `/api/series/${series.id}/learning-note.${format}${query}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-disposition')).toBe(`${format === 'html' ? 'inline' : 'attachment'}; filename="stadtlabor2go-lernnotiz-de.${format}"`)
      const http = Buffer.from(await response.arrayBuffer())
      const cli = await exportNote(['--series', series.id, '--format', format, '--lang', 'de', '--tz', 'Europe/Berlin'], server.dataDir)
      expect(cli.stderr).toContain('Wrote the learning note')
      expect(cli.code).toBe(0)
      expect(cli.stdout.equals(http)).toBe(true)
      const text = format === 'pdf' ? pdfPageTexts(http).flat().join('\n') : http.toString('utf8')
      expect(text).toContain('Send the permit template')
      expect(text).toContain('Template in review')
      expect(text).toContain('Mönchengladbach')
    })
  }

  it('needs a link of the series, and says what is wrong with a request', async () => {
    expect((await call(server, null, `/api/series/${series.id}/learning-note.md`)).status).toBe(403)
    expect((await call(server, one.tokens.facilitator, `/api/series/${series.id}/learning-note.md`)).status).toBe(403)
    const bad = await call(server, series.tokens.read, `/api/series/${series.id}/learning-note.md?lang=fr`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toBe('lang must be en or de')
    const unknown = await exportNote(['--series', 'AAAAAAAAAAAAAAAAAAAAAA', '--format', 'md'], server.dataDir)
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toContain('no series with the id AAAAAAAAAAAAAAAAAAAAAA')
    const json = await exportNote(['--series', series.id, '--format', 'xml'], server.dataDir)
    expect(json.code).toBe(2)
    expect(json.stderr).toContain('format must be one of md, html, csv, json, pdf')
  })
})
