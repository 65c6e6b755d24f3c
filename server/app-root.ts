/**
 * Where the installed application lives: the directory of gatherboard's package.json. The server
 * runs from its TypeScript sources in development and tests (`server/`) and compiled in production
 * (`dist/server/`); both find the built client and other files of the app relative to this root,
 * whatever the working directory.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'gatherboard'

function isAppRoot(dir: string): boolean {
  const manifest = path.join(dir, 'package.json')
  if (!existsSync(manifest)) return false
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME
  } catch {
    return false
  }
}

/** The app's root directory, found upwards from `moduleUrl` (a module of the app). */
export function appRoot(moduleUrl: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(moduleUrl))
  while (!isAppRoot(dir)) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${fileURLToPath(moduleUrl)}`)
    dir = parent
  }
  return dir
}
