import { takePartOptions, type PartMode } from '../cli/part-options'

export const MOBILE_USAGE = `  --mobile=on|off|only       the phones-on-mobile-data benchmark (headless Chromium on Chrome's
                             slow mobile network emulation) after the rest (default on), not at all, or alone
  --mobile-compare=DIR       also measure another built checkout (npm run build there), e.g. main's`

/** Takes the mobile benchmark's options out of the command line and hands back the rest. */
export function takeMobileOptions(argv: readonly string[]): { mode: PartMode; compareDir: string | undefined; rest: string[] } {
  const { mode, value, rest } = takePartOptions(argv, 'mobile', 'mobile-compare', MOBILE_USAGE)
  return { mode, compareDir: value, rest }
}
