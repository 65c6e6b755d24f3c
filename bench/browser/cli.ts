import { takePartOptions, type PartMode } from '../cli/part-options'

export const CLIENT_USAGE = `  --client=on|off|only       the client benchmark (headless Chromium on a big board) after the
                             server workloads (default on), not at all, or alone
  --client-dist=DIR          serve this built client instead of building one for the client benchmark`

/**
 * Takes the client benchmark's options out of the command line and hands back the rest for the
 * server suite's parser.
 */
export function takeClientOptions(argv: readonly string[]): { mode: PartMode; distDir: string | undefined; rest: string[] } {
  const { mode, value, rest } = takePartOptions(argv, 'client', 'client-dist', CLIENT_USAGE)
  return { mode, distDir: value, rest }
}
