/** Whether `npm run bench` runs one part of the suite (the client, the mobile pages): after the rest, not at all, or alone. */
export type PartMode = 'on' | 'off' | 'only'

/**
 * Takes `--<part>=on|off|only` and `--<valueOption>=<value>` out of the command line and hands
 * back the rest for the next parser; prints `usage` under `--help`.
 */
export function takePartOptions(
  argv: readonly string[],
  part: string,
  valueOption: string,
  usage: string,
): { mode: PartMode; value: string | undefined; rest: string[] } {
  let mode: PartMode = 'on'
  let value: string | undefined
  const rest: string[] = []
  for (const arg of argv) {
    const [name, given] = arg.split(/=(.*)/s) as [string, string | undefined]
    if (name === `--${part}`) {
      if (given !== 'on' && given !== 'off' && given !== 'only') throw new Error(`--${part}=${given}: expected on, off or only`)
      mode = given
    } else if (name === `--${valueOption}` && given) {
      value = given
    } else {
      rest.push(arg)
    }
  }
  if (rest.includes('--help')) console.log(`${part} benchmark:\n${usage}\n`)
  return { mode, value, rest }
}
