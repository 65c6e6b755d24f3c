/**
 * Reads a Prometheus exposition (`GET /metrics`) as a scraper does: each sample line
 * `name{label="value",…} number`, comments skipped.
 */

/** The samples of an exposition, keyed `name` or `name{label="value",…}` exactly as written. */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line)
    if (!match) throw new Error(`not an exposition line: ${line}`)
    samples.set(match[1]!, Number(match[2]))
  }
  return samples
}

/** One sample's value; throws when the exposition has no such sample. */
export function sample(samples: Map<string, number>, key: string): number {
  const value = samples.get(key)
  if (value === undefined) throw new Error(`no sample ${key} in the exposition`)
  return value
}

/** The metrics of the server at `baseUrl`, parsed. */
export async function scrape(baseUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`)
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`)
  return parseExposition(await response.text())
}
