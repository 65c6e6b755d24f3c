/**
 * A Vite plugin: once the client is written, puts a brotli (`.br`) and a gzip (`.gz`) copy beside
 * every file of the build that is worth compressing (server/http/compressible.ts), made as the
 * server would make them (server/http/compress.ts), so the server sends them without compressing
 * anything per request. A copy that would not be smaller is not written.
 *
 * Source maps are left out: only developer tools fetch them, and they are most of the build's
 * bytes (brotli at its highest quality would add tens of seconds to every build).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin } from 'vite'
import type { ContentCoding } from '../server/http/accept-encoding'
import { CODING_SUFFIX, compress } from '../server/http/compress.ts'
import { isCompressible } from '../server/http/compressible.ts'

const CODINGS: readonly ContentCoding[] = ['br', 'gzip']

export function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'gatherboard-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    // Last, after everything else wrote its files (the phone page's own build among them).
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = await readdir(outDir, { recursive: true, withFileTypes: true })
        const work = files
          .filter((entry) => entry.isFile() && path.extname(entry.name) !== '.map')
          .map((entry) => path.join(entry.parentPath, entry.name))
          .map(async (file) => {
            const data = await readFile(file)
            if (!isCompressible(file, data.length)) return
            for (const coding of CODINGS) {
              const body = await compress(data, coding)
              if (body.length < data.length) await writeFile(file + CODING_SUFFIX[coding], body)
            }
          })
        await Promise.all(work)
      },
    },
  }
}
