/** Whether `npm run bench` runs the client benchmark: after the server workloads, not at all, or alone. */
export type ClientMode = 'on' | 'off' | 'only'

export const CLIENT_USAGE = `  --client=on|off|only       the client benchmark (headless Chromium on a big board) after the
                             server workloads (default on), not at all, or alone
  --client-dist=DIR          serve this built client instead of building one for the client benchmark`

/**
 * Takes the client benchmark's options out of the command line and hands back the rest for the
 * server suite's parser.
 */
export function takeClientOptions(argv: readonly string[]): { mode: ClientMode; distDir: string | undefined; rest: string[] } {
  let mode: ClientMode = 'on'
  let distDir: string | undefined
  const rest: string[] = []
  for (const arg of argv) {
    const [name, value] = arg.split(/=(.*)/s) as [string, string | undefined]
    if (name === '--client') {
      if (value !== 'on' && value !== 'off' && value !== 'only') throw new Error(`--client=${value}: expected on, off or only`)
      mode = value
    } else if (name === '--client-dist' && value) {
      distDir = value
    } else {
      rest.push(arg)
    }
  }
  if (rest.includes('--help')) console.log(`client benchmark:\n${CLIENT_USAGE}\n`)
  return { mode, distDir, rest }
}
