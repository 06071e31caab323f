// @paymux/client/axios: the same payments for axios users. Axios's own fetch adapter runs every request
// through a paying fetch, so interceptors, timeouts and transforms work as they always do.
import type { AxiosInstance, AxiosResponse, CreateAxiosDefaults } from "axios";
import { paymentOf, wrapFetch } from "../fetch.js";
import type { Fetcher, PaymentInfo, WrapFetchParameters } from "../types.js";

/** Options of {@link createPaymuxAxios}: the client's options, plus axios defaults and the fetch to wrap. */
export type CreatePaymuxAxiosParameters = WrapFetchParameters & {
  config?: CreateAxiosDefaults;
  /** The fetch underneath (default: the global one). */
  fetch?: Fetcher;
};

/** The axios module's `create`, so this package never imports axios itself (it is an optional peer). */
export type AxiosFactory = { create(config?: CreateAxiosDefaults): AxiosInstance };

/**
 * An axios instance that pays 402s: `createPaymuxAxios(axios, { payers })`. Refusals and payment failures
 * reject with an AxiosError whose `cause` is the PaymuxError.
 */
export function createPaymuxAxios(
  axios: AxiosFactory,
  parameters: CreatePaymuxAxiosParameters,
): AxiosInstance {
  const { config, fetch: base, ...options } = parameters;
  const paying = wrapFetch(base ?? ((request: Request) => globalThis.fetch(request)), options);
  return axios.create({ ...config, adapter: "fetch", env: { ...config?.env, fetch: paying } });
}

/** What was paid for an axios response of a {@link createPaymuxAxios} instance. */
export function axiosPaymentOf(response: AxiosResponse): PaymentInfo | undefined {
  const request: unknown = response.request;
  return request instanceof Request ? paymentOf(request) : undefined;
}
