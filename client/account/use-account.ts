import { useEffect, useState } from 'react'
import { getAccount, type AccountState } from './account-api'

/** The sign-in state, asked once per page; null until the server answered (or when it could not be reached). */
export function useAccount(): AccountState | null {
  const [state, setState] = useState<AccountState | null>(null)
  useEffect(() => {
    let current = true
    getAccount().then(
      (answer) => current && setState(answer),
      () => current && setState(null),
    )
    return () => {
      current = false
    }
  }, [])
  return state
}
