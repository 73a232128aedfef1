export { type Child, requireBuild, startChild } from "./child.js";
export { type Cluster, type Outage, startCluster } from "./cluster.js";
export { type Reruns, type Run, readRuns, tallyReruns } from "./runs.js";
export { type Send, type SendCounts, sendAll } from "./sender.js";
export { buildSends, type SendPlan } from "./sends.js";
