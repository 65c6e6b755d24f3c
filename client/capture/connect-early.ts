/**
 * The phone page's first script, a few hundred bytes the document loads before the page's own
 * code (scripts/phone-build.ts): opens the board's sync socket at once, so its handshake and the
 * board arrive while the code downloads; the page's connection takes it over (sync/early-socket.ts).
 * Without a link there is nothing to connect with (the page then says so).
 */
import { routeFromPath } from '../../shared/routes'
import { linkToken } from '../session/link-access'
import { openEarlySocket } from '../sync/early-socket'

const route = routeFromPath(location.pathname)
if (route.page === 'capture' && linkToken(route.boardId) !== null) openEarlySocket(route.boardId)
