/**
 * What a reader of a PDF sees, read with poppler (Debian's poppler-utils: `pdftotext`,
 * `pdfimages`, `pdftoppm`): the text of each page as lines, the pictures each page shows as RGB
 * pixels, and each whole page as a reader sees it, rendered.
 * A real extractor, so a font that maps glyphs to the wrong characters fails the tests as it would
 * fail a person copying a name. Without poppler the calls throw (tests fail, never skip).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** A picture as RGB bytes, three per pixel, row by row. */
export interface RgbImage {
  width: number
  height: number
  rgb: Buffer
}

function withPdfFile<T>(bytes: Uint8Array, read: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-pdf-'))
  try {
    const file = path.join(dir, 'in.pdf')
    writeFileSync(file, bytes)
    return read(file, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The non-empty lines of text on each page, in reading order. */
export function pdfPageTexts(bytes: Uint8Array): string[][] {
  const text = withPdfFile(bytes, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
  // pdftotext ends every page with a form feed.
  return text
    .split('\f')
    .slice(0, -1)
    .map((page) => page.split('\n').map((line) => line.trim()).filter((line) => line !== ''))
}

/** A binary PPM (P6, 8 bits): what `pdfimages` writes for an RGB picture. */
function readPpm(bytes: Buffer): RgbImage {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'))
  if (!header || header[3] !== '255') throw new Error('not an 8-bit binary PPM')
  const [width, height] = [Number(header[1]), Number(header[2])]
  return { width, height, rgb: bytes.subarray(header[0].length, header[0].length + width * height * 3) }
}

/** The colour pictures each page draws (alpha masks left out), by page. */
export function pdfPageImages(bytes: Uint8Array): RgbImage[][] {
  const pageCount = pdfPageTexts(bytes).length
  return withPdfFile(bytes, (file, dir) => {
    execFileSync('pdfimages', ['-p', file, path.join(dir, 'img')])
    const pages: RgbImage[][] = Array.from({ length: pageCount }, () => [])
    for (const name of readdirSync(dir).sort()) {
      const match = /^img-(\d+)-\d+\.ppm$/.exec(name)
      if (match) pages[Number(match[1]) - 1]!.push(readPpm(readFileSync(path.join(dir, name))))
    }
    return pages
  })
}

/** Every page rendered as a reader sees it (`pdftoppm`), at `dpi` (72: one pixel per PDF point). */
export function pdfPageRenders(bytes: Uint8Array, dpi = 72): RgbImage[] {
  return withPdfFile(bytes, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), file, path.join(dir, 'page')])
    // pdftoppm pads the page numbers to the count's width: sorted by name is sorted by page.
    return readdirSync(dir)
      .filter((name) => /^page-\d+\.ppm$/.test(name))
      .sort()
      .map((name) => readPpm(readFileSync(path.join(dir, name))))
  })
}

/** Every page rendered as PNG files into `dir` (for a person to look at), named `<prefix>-<page>.png`. */
export function writePdfPagePngs(bytes: Uint8Array, dir: string, prefix: string, dpi = 72): void {
  withPdfFile(bytes, (file) => execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, path.join(dir, prefix)]))
}
