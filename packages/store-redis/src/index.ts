// @paymux/store-redis: a PaymentStore in Redis, shared by every paymux server instance that points at it.
export {
  type RedisStore,
  type RedisStoreClient,
  type RedisStoreParameters,
  redisStore,
} from "./redis-store.js";
