export { type MemoryStoreParameters, memoryStore } from "./memory.js";
export type { PaymentRecord, PaymentRecordState, PaymentStore, StoredReceipt } from "./types.js";
