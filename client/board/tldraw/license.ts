/**
 * tldraw only renders on a production origin (HTTPS, not localhost) with a licence key. We can't
 * and don't work around that; we only spot the case so the operator gets an explanation instead
 * of a blank canvas.
 */
export function needsLicenseNotice(location: Pick<Location, 'protocol' | 'hostname'>, licenseKey: string | null): boolean {
  if (licenseKey) return false
  const isLocal = ['localhost', '127.0.0.1', '[::1]', '::1'].includes(location.hostname) || location.hostname.endsWith('.localhost')
  return location.protocol === 'https:' && !isLocal
}
