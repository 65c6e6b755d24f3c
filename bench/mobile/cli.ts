import type { ClientMode } from '../browser/cli'

export const MOBILE_USAGE = `  --mobile=on|off|only       the phones-on-mobile-data benchmark (headless Chromium on Chrome's
                             slow mobile network emulation) after the rest (default on), not at all, or alone
  --mobile-compare=DIR       also measure another built checkout (npm run build there), e.g. main's`

/** Takes the mobile benchmark's options out of the command line and hands back the rest. */
export function takeMobileOptions(argv: readonly string[]): { mode: ClientMode; compareDir: string | undefined; rest: string[] } {
  let mode: ClientMode = 'on'
  let compareDir: string | undefined
  const rest: string[] = []
  for (const arg of argv) {
    const [name, value] = arg.split(/=(.*)/s) as [string, string | undefined]
    if (name === '--mobile') {
      if (value !== 'on' && value !== 'off' && value !== 'only') throw new Error(`--mobile=${value}: expected on, off or only`)
      mode = value
    } else if (name === '--mobile-compare' && value) {
      compareDir = value
    } else {
      rest.push(arg)
    }
  }
  if (rest.includes('--help')) console.log(`mobile benchmark:\n${MOBILE_USAGE}\n`)
  return { mode, compareDir, rest }
}
