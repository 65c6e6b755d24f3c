/**
 * How a client of the sync socket says that it holds no copy of the board (the query parameter
 * `fresh`, any value): the server then sends the whole document right after its own sync step 1,
 * without waiting for the client's step 1, whose empty state vector would only ask for the same.
 * That is a round trip less before a phone's first visit shows the board (400 ms on slow mobile
 * data). Only a hint: a client that does hold a copy still sends its step 1 and gets the rest,
 * and the server sends nothing it would not send on that request.
 */
export const NO_COPY_PARAM = 'fresh'
