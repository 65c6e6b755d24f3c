import { LinkCloseCode } from '../../../shared/model/roles'

/** Whether the server closed the board's socket because of the link (refused, or renewed since). */
export function isLinkClose(code: number): boolean {
  return code === LinkCloseCode.refused || code === LinkCloseCode.renewed
}
