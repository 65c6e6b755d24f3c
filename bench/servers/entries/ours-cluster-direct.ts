/** Our server as the owner of a two-server cluster, clients on the owner (cluster-pair.ts). */
import { runBenchChild } from '../child-runtime'
import { startClusterPair } from '../cluster-pair'

runBenchChild(() => startClusterPair('direct'))
