/**
 * Cities across a series. People type a city's name in many ways ("Mönchengladbach",
 * "Moenchengladbach", "MG "), so the facilitator merges spelling variants once: each variant maps
 * to the series' one spelling, and everything "by city" counts under it.
 */

/** The variants the facilitator merged, by the key of the variant, to the name it stands for. */
export type CityAliases = Readonly<Record<string, string>>

/** The key two spellings share when they differ only in case, blanks or accents (ß and umlauts spelled out). */
export function cityKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
}

/**
 * The series' spelling of `name`: a merged variant's target, else the member city with the same
 * key, else the name as typed (trimmed). "" stays "" (no city given).
 */
export function canonicalCity(name: string, members: readonly string[], aliases: CityAliases): string {
  const trimmed = name.trim()
  if (trimmed === '') return ''
  const key = cityKey(trimmed)
  const merged = Object.hasOwn(aliases, key) ? aliases[key]! : null
  if (merged !== null) return merged
  return members.find((member) => cityKey(member) === key) ?? trimmed
}

/**
 * The aliases after merging `variants` into `into`: every variant (and every earlier variant that
 * pointed at one of them) now points at `into`, and so does `into`'s own key, so that a spelling
 * differing only in case or umlauts ("Moenchengladbach") is shown the way the facilitator chose.
 */
export function mergeCities(aliases: CityAliases, variants: readonly string[], into: string): Record<string, string> {
  const target = into.trim()
  const merged = new Set([...variants, target].map(cityKey).filter((key) => key !== ''))
  const next: Record<string, string> = {}
  for (const [key, name] of Object.entries(aliases)) next[key] = merged.has(cityKey(name)) ? target : name
  for (const key of merged) next[key] = target
  return next
}

/** Groups `items` by their city's series spelling, cities in first-seen order ("" last). */
export function groupByCity<T>(items: readonly T[], cityOf: (item: T) => string): { city: string; items: T[] }[] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const city = cityOf(item)
    let group = groups.get(city)
    if (!group) groups.set(city, (group = []))
    group.push(item)
  }
  const entries = [...groups.entries()].map(([city, grouped]) => ({ city, items: grouped }))
  return [...entries.filter((entry) => entry.city !== ''), ...entries.filter((entry) => entry.city === '')]
}
