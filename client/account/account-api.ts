/** The facilitator's sign-in as the server knows it (server/features/sign-in). */
import { requestJson } from '../session/api'

export interface SignedInAccount {
  name: string
  email: string
  username: string
  organisation: string
}

/** `signIn`: whether this server has sign-in at all; `account`: who is signed in here, if anyone. */
export interface AccountState {
  signIn: boolean
  account: SignedInAccount | null
}

export function getAccount(): Promise<AccountState> {
  return requestJson('/api/me')
}

/** Where the sign-in starts, coming back to `returnTo` (a path of this server) afterwards. */
export function signInPath(returnTo: string = location.pathname + location.search): string {
  return `/auth/login?return=${encodeURIComponent(returnTo)}`
}

/** Signs out here, then goes on to sign out at the provider too (which comes back to the start page). */
export async function signOut(): Promise<void> {
  const { next } = await requestJson<{ next: string }>('/auth/logout', { method: 'POST' })
  location.assign(next)
}
