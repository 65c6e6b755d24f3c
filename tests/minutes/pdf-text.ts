/**
 * A small text extractor for the PDFs we make (pdf-lib with standard fonts): per page, the strings
 * its content streams draw (`<hex> Tj`), decoded from WinAnsi. Enough to check what a reader sees;
 * not a general PDF text extractor.
 */
import { inflateSync } from 'node:zlib'
import { PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib'

/**
 * WinAnsi (Windows-1252) bytes 0x80–0x9F; the rest is Latin-1. Node's TextDecoder treats the label
 * 'windows-1252' as plain Latin-1, so the difference is spelled out here.
 */
const WIN_ANSI_HIGH: Readonly<Record<number, string>> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
}

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes].map((byte) => WIN_ANSI_HIGH[byte] ?? String.fromCharCode(byte)).join('')
}

function streamText(stream: PDFObject | undefined): string {
  if (!(stream instanceof PDFRawStream)) return ''
  const filter = stream.dict.get(PDFName.of('Filter'))
  const raw = stream.getContents()
  return Buffer.from(filter?.toString() === '/FlateDecode' ? inflateSync(raw) : raw).toString('latin1')
}

/** The lines of text drawn on each page, in drawing order. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await PDFDocument.load(bytes)
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents()
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents]
    const source = streams.map(streamText).join('\n')
    return [...source.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((match) => decodeWinAnsi(Buffer.from(match[1]!, 'hex')))
  })
}

/** How many images each page draws. */
export async function pdfPageImageCounts(bytes: Uint8Array): Promise<number[]> {
  const pdf = await PDFDocument.load(bytes)
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents()
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents]
    return [...streams.map(streamText).join('\n').matchAll(/\/\S+ Do\b/g)].length
  })
}
