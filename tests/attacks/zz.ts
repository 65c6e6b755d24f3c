import * as Y from 'yjs'
const hex = '0101c993cd050168c993cd050301770873686170653a693100'
const u = new Uint8Array(Buffer.from(hex, 'hex'))
console.log(JSON.stringify(Y.decodeUpdate(u).structs.map(s => ({ id: s.id, len: s.length, o: (s as Y.Item).origin, ro: (s as Y.Item).rightOrigin, parent: (s as Y.Item).parent, sub: (s as Y.Item).parentSub }))))
const doc = new Y.Doc()
try { Y.applyUpdate(doc, u) } catch (e) { console.log('throws on empty doc', e) }
