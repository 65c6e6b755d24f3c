/**
 * `npm run export -- <id> --format all --out FILE` against the data directory of a real server
 * (running, SQLite shared in WAL mode): one tar archive with the .tldr file, the minutes in every
 * format (the same bytes as the API), the PDF (its text read with pdftotext), the uploaded files
 * the board shows, byte for byte, and the named snapshots; clear errors and exit codes.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLED_BOARD_SCHEMA } from '../../shared/model/tldraw-schema'
import { MINUTES_FORMATS } from '../../shared/minutes/formats'
import { readTar } from '../../server/storage/tar'
import { pdfPageTexts } from '../helpers/pdf'
import { makeTempDir, runExportCommand, removeDir, startTestServer, type TestServer } from '../helpers/server'
import { PNG, PERSONAL_NAMES, fillBoard, type FilledBoard } from './lifecycle-fixtures'
import { api, newBoard, putRecords, type Board } from './roles-fixtures'

describe('npm run export -- --format all', () => {
  let server: TestServer
  let board: Board
  let filled: FilledBoard
  let outDir: string

  beforeAll(async () => {
    server = await startTestServer()
    outDir = await makeTempDir('gatherboard-archive-')
    board = await newBoard(server)
    filled = await fillBoard(board)
    filled.facilitator.doc.getMap('meeting').set('title', 'Street lab exchange')
    // The upload as the board shows it: an image asset record naming it.
    const photo: { id: string } & Record<string, unknown> = {
      id: 'asset:photo', typeName: 'asset', type: 'image', props: { src: filled.assetUrl, name: 'photo.png', w: 1, h: 1, mimeType: 'image/png', isAnimated: false },
      meta: {},
    }
    putRecords(filled.facilitator.doc, [photo])
  })

  afterAll(async () => {
    filled?.facilitator.destroy()
    filled?.participant.destroy()
    await server?.close()
    if (outDir) await removeDir(outDir)
  })

  it('writes one archive with the .tldr, every minutes format, the PDF, the assets and the named snapshots', async () => {
    // Wait until the title is stored: the CLI reads the database, not the room.
    await expect.poll(async () => (await (await api(board, 'facilitator', '/minutes.md')).text()).includes('Street lab exchange')).toBe(true)
    const out = path.join(outDir, 'board.tar')
    const result = await runExportCommand([board.id, '--format', 'all', '--out', out, '--tz', 'Europe/Berlin'], server.dataDir)
    expect(result.stderr).toContain(`to ${out}`)
    expect(result.code).toBe(0)

    const files = new Map<string, Buffer>()
    readTar(out, (entry) => files.set(entry.name, entry.read()))
    const prefix = `${board.id}/`
    expect([...files.keys()].every((name) => name.startsWith(prefix))).toBe(true)
    const named = (pattern: RegExp) => [...files.keys()].filter((name) => pattern.test(name.slice(prefix.length)))

    const tldr = JSON.parse(files.get(`${prefix}board.tldr`)!.toString('utf8')) as {
      tldrawFileFormatVersion: number
      schema: unknown
      records: { id: string; typeName: string; props?: { text?: string }; meta?: { gatherboard?: { meeting?: { title?: string } } } }[]
    }
    expect(tldr.tldrawFileFormatVersion).toBe(1)
    expect(tldr.schema).toEqual(BUNDLED_BOARD_SCHEMA)
    expect(tldr.records.find((record) => record.id === 'shape:note')?.props?.text).toBe('More benches')

    for (const format of MINUTES_FORMATS) {
      const [name] = named(new RegExp(`^street-lab-exchange-minutes-en\\.${format}$`))
      expect(name, format).toBeDefined()
      const fromApi = Buffer.from(await (await api(board, 'facilitator', `/minutes.${format}?tz=Europe/Berlin`)).arrayBuffer())
      expect(files.get(name!)!.equals(fromApi), format).toBe(true)
    }
    const [pdfName] = named(/^street-lab-exchange-minutes-en\.pdf$/)
    const pdfText = pdfPageTexts(files.get(pdfName!)!).flat().join('\n')
    expect(pdfText).toContain('Street lab exchange')
    expect(pdfText).toContain('More benches')
    expect(pdfText).toContain(PERSONAL_NAMES.author)

    const assetName = filled.assetUrl.split('/').pop()!
    expect(files.get(`${prefix}assets/${assetName}`)).toEqual(PNG)
    const snapshots = named(/^snapshots\/.+\.json$/)
    expect(snapshots).toHaveLength(1)
    expect(JSON.parse(files.get(snapshots[0]!)!.toString('utf8'))).toMatchObject({ name: 'After the question round' })
    const manifest = JSON.parse(files.get(`${prefix}manifest.json`)!.toString('utf8')) as { board: string; files: string[] }
    expect(manifest.board).toBe(board.id)
    expect(manifest.files.sort()).toEqual([...files.keys()].map((name) => name.slice(prefix.length)).filter((name) => name !== 'manifest.json').sort())
  })

  it('leaves the names out with --names 0', async () => {
    const out = path.join(outDir, 'without-names.tar')
    expect((await runExportCommand([board.id, '--format', 'all', '--out', out, '--names', '0'], server.dataDir)).code).toBe(0)
    const texts: string[] = []
    readTar(out, (entry) => {
      if (/\.(md|html|csv|json)$/.test(entry.name) && !entry.name.includes('/snapshots/') && !entry.name.endsWith('manifest.json')) texts.push(entry.read().toString('utf8'))
    })
    expect(texts).toHaveLength(MINUTES_FORMATS.length)
    for (const text of texts) expect(text).not.toContain(PERSONAL_NAMES.author)
  })

  it('says what is wrong: no --out, an existing file, an unknown board', async () => {
    const noOut = await runExportCommand([board.id, '--format', 'all'], server.dataDir)
    expect(noOut).toMatchObject({ code: 2, stderr: expect.stringContaining('give --out FILE') })
    const existing = path.join(outDir, 'board.tar')
    const again = await runExportCommand([board.id, '--format', 'all', '--out', existing], server.dataDir)
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('exists already') })
    const missing = path.join(outDir, 'none.tar')
    const unknown = await runExportCommand(['nosuchboard00000000000', '--format', 'all', '--out', missing], server.dataDir)
    expect(unknown.code).toBe(3)
    expect(existsSync(missing)).toBe(false)
  })
})
