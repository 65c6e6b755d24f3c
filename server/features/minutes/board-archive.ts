/**
 * The whole board in one archive, for portability (`npm run export -- <id> --format all`): a tar
 * file, listable and unpackable by any tar program (storage/tar.ts), of one folder named by the
 * board's id with
 *   board.tldr            the board as a tldraw file (shared/model/board-file.ts); its images'
 *                         addresses name the files under assets/
 *   <name>.md|html|csv|json  the minutes in every format (minutes-export.ts, the same bytes as the API)
 *   <name>.pdf            the meeting PDF (shared/minutes/meeting-pdf.ts): the cover, a page per
 *                         section with its picture drawn from the board's records
 *                         (shared/minutes/section-drawing.ts: no canvas), the minutes
 *   assets/<name>         every uploaded file the board's images and videos show, as stored
 *   snapshots/<id>.json   every named snapshot, as stored
 * It reads everything through the storage contract, so it works on SQLite and PostgreSQL alike.
 *   manifest.json         what the archive holds, and when and how it was made
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { boardFileText } from '../../../shared/model/board-file'
import { readMeeting } from '../../../shared/model/meeting'
import { readRecords } from '../../../shared/model/record-log'
import { isBoardAssetPath } from '../../../shared/model/asset-paths'
import { BUNDLED_BOARD_SCHEMA } from '../../../shared/model/tldraw-schema'
import { MINUTES_FORMATS, minutesFileName } from '../../../shared/minutes/formats'
import { buildMeetingPdf } from '../../../shared/minutes/meeting-pdf'
import { sectionScenes } from '../../../shared/minutes/section-scene'
import { appRoot } from '../../app-root'
import { assetPath } from '../assets/assets-api'
import { TarWriter } from '../../storage/tar'
import type { BoardDocs } from '../board-docs'
import { boardMinutes, renderBoardMinutes, type MinutesRequest } from './minutes-export'

const FONTS_DIR = path.join(appRoot(import.meta.url), 'client/assets/fonts')

export interface BoardArchiveRequest extends Omit<MinutesRequest, 'format'> {
  /** The board's address for the PDF's cover, without a link token. */
  boardUrl: string
}

/**
 * Writes the archive of `boardId` to `out` (which must not exist yet); resolves with the names of
 * the files in it, or null when there is no such board.
 */
export async function writeBoardArchive(docs: BoardDocs, boardId: string, out: string, request: BoardArchiveRequest): Promise<string[] | null> {
  if (!(await docs.exists(boardId))) return null
  const { tldr, minutes, texts, assetNames, scenes } = await docs.read(boardId, (doc) => {
    const records = readRecords<{ id: string; typeName: string; props?: { src?: unknown } }>(doc)
    const minutes = boardMinutes(doc, boardId, request)
    return {
      assetNames: assetNamesOf(boardId, [...records.values()]),
      tldr: boardFileText([...records.values()], doc.getMap('board').get('schema') ?? BUNDLED_BOARD_SCHEMA, readMeeting(doc)),
      minutes,
      scenes: sectionScenes(records, minutes),
      texts: MINUTES_FORMATS.map((format) => renderBoardMinutes(doc, boardId, { ...request, format })),
    }
  })

  const storage = docs.storage
  const assets: [string, Uint8Array][] = []
  for (const name of assetNames) {
    const asset = await storage.readAsset(boardId, name)
    if (asset) assets.push([name, await streamBytes(asset.open())])
  }
  // The photos the pictures show are among the board's uploads, by the address their asset records name.
  const photos = new Map(assets.map(([name, bytes]) => [assetPath(boardId, name), bytes]))
  const fonts = { regular: readFileSync(path.join(FONTS_DIR, 'IBMPlexSans-Regular.woff')), bold: readFileSync(path.join(FONTS_DIR, 'IBMPlexSans-Bold.woff')) }
  const pdf = await buildMeetingPdf(minutes, scenes.map((scene) => ({ scene, photos })), fonts, { boardUrl: request.boardUrl })
  const snapshots: [string, Uint8Array][] = []
  for (const name of (await storage.listBoardFiles(boardId, 'snapshots')).sort()) {
    const content = await storage.readBoardFile(boardId, 'snapshots', name)
    if (content) snapshots.push([name, content])
  }

  const names: string[] = []
  const tar = new TarWriter(out)
  try {
    const add = (name: string, bytes: Uint8Array) => {
      tar.addBytes(`${boardId}/${name}`, bytes)
      names.push(name)
    }
    add('board.tldr', Buffer.from(tldr, 'utf8'))
    for (const text of texts) add(text.fileName, Buffer.from(text.body, 'utf8'))
    add(minutesFileName(minutes, 'pdf'), pdf)
    for (const [name, bytes] of assets) add(`assets/${name}`, bytes)
    for (const [name, bytes] of snapshots) add(`snapshots/${name}`, bytes)
    const manifest = { board: boardId, exportedAt: new Date().toISOString(), lang: request.lang, names: request.names, timeZone: request.timeZone, files: [...names] }
    add('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'))
  } finally {
    tar.finish()
  }
  return names
}

/** The names of this board's uploads that its asset records show (an upload no record names is not part of the board). */
function assetNamesOf(boardId: string, records: readonly { typeName?: unknown; props?: { src?: unknown } }[]): string[] {
  const names = new Set<string>()
  for (const record of records) {
    const src = record.props?.src
    if (record.typeName === 'asset' && isBoardAssetPath(boardId, src)) names.add((src as string).slice((src as string).lastIndexOf('/') + 1))
  }
  return [...names].sort()
}

async function streamBytes(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return Buffer.concat(chunks)
}
