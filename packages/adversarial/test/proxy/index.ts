// Fault-injection proxies for the adversarial tests: HTTP (JSON-RPC, facilitator) and TCP (Redis). Each file's
// header documents its API; that API is stable, other tests build on it.
export {
  type FaultMatch,
  type HttpFault,
  type HttpFaultAction,
  type HttpFaultProxy,
  type HttpFaultSetting,
  type JsonRpcErrorObject,
  type ProxyCall,
  type StartHttpFaultProxyParameters,
  startHttpFaultProxy,
} from "./http-fault-proxy.js";
export {
  type StartTcpFaultProxyParameters,
  startTcpFaultProxy,
  type TcpFault,
  type TcpFaultProxy,
} from "./tcp-fault-proxy.js";
