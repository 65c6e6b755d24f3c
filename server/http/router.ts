/**
 * A minimal router: `METHOD /path/:param/*` patterns matched segment by segment.
 * A trailing `*` matches the rest of the path (possibly empty) as `params['*']`, still
 * percent-encoded (file handlers decode and check it with `resolveBelow`).
 * HEAD requests are routed like GET (Node drops the body of HEAD responses itself).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  /** The request URL, parsed against a dummy origin. */
  url: URL
  /** Decoded path parameters. */
  params: Readonly<Record<string, string>>
}

export type RouteHandler = (context: RouteContext) => void | Promise<void>

interface Route {
  method: string
  segments: readonly string[]
  handler: RouteHandler
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  /** The path exists but not for this method. */
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' }

export class Router {
  private readonly routes: Route[] = []

  get(pattern: string, handler: RouteHandler): this {
    return this.add('GET', pattern, handler)
  }

  post(pattern: string, handler: RouteHandler): this {
    return this.add('POST', pattern, handler)
  }

  delete(pattern: string, handler: RouteHandler): this {
    return this.add('DELETE', pattern, handler)
  }

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler })
    return this
  }

  /** Finds the first route matching `method` and `pathname` (routes match in insertion order). */
  match(method: string, pathname: string): RouteMatch {
    const effectiveMethod = method === 'HEAD' ? 'GET' : method
    const segments = pathname.split('/').filter(Boolean)
    const allow = new Set<string>()
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments)
      if (!params) continue
      if (route.method === effectiveMethod) return { kind: 'found', handler: route.handler, params }
      allow.add(route.method)
    }
    if (allow.size > 0) return { kind: 'method-not-allowed', allow: [...allow] }
    return { kind: 'not-found' }
  }
}

function matchSegments(pattern: readonly string[], path: readonly string[]): Record<string, string> | null {
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!
    if (expected === '*') {
      params['*'] = path.slice(i).join('/')
      return params
    }
    const actual = path[i]
    if (actual === undefined) return null
    if (expected.startsWith(':')) {
      const decoded = decodeSegment(actual)
      if (decoded === null) return null
      params[expected.slice(1)] = decoded
    } else if (expected !== actual) {
      return null
    }
  }
  return path.length === pattern.length ? params : null
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}
