/**
 * A random id for a new record. crypto.getRandomValues works on plain http too (a laptop's LAN
 * address in a park), where crypto.randomUUID does not.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
