/**
 * Wire reason strings that other SDKs read (x402 `invalidReason` / `errorReason`, IETF Payment problem types).
 * Frozen: these are protocol constants, not paymux's own codes; other implementations compare them as strings.
 */
export const X402_REASONS = {
  insufficientFunds: "insufficient_funds",
  invalidNetwork: "invalid_network",
  invalidPayload: "invalid_payload",
  invalidPaymentRequirements: "invalid_payment_requirements",
  invalidScheme: "invalid_scheme",
  unsupportedScheme: "unsupported_scheme",
  invalidX402Version: "invalid_x402_version",
  invalidTransactionState: "invalid_transaction_state",
  unexpectedVerifyError: "unexpected_verify_error",
  unexpectedSettleError: "unexpected_settle_error",
  duplicateSettlement: "duplicate_settlement",
  // exact on EVM (reference implementation names, shared with the Go implementation)
  evmScheme: "invalid_exact_evm_scheme",
  evmNetworkMismatch: "invalid_exact_evm_network_mismatch",
  evmMissingDomain: "invalid_exact_evm_missing_eip712_domain",
  evmRecipientMismatch: "invalid_exact_evm_recipient_mismatch",
  evmSignature: "invalid_exact_evm_signature",
  evmValidBefore: "invalid_exact_evm_payload_authorization_valid_before",
  evmValidAfter: "invalid_exact_evm_payload_authorization_valid_after",
  evmValue: "invalid_exact_evm_authorization_value",
  evmUndeployedSmartWallet: "invalid_exact_evm_payload_undeployed_smart_wallet",
  evmTransactionFailed: "invalid_exact_evm_transaction_failed",
  evmTokenNameMismatch: "invalid_exact_evm_token_name_mismatch",
  evmTokenVersionMismatch: "invalid_exact_evm_token_version_mismatch",
  evmEip3009NotSupported: "invalid_exact_evm_eip3009_not_supported",
  evmNonceAlreadyUsed: "invalid_exact_evm_nonce_already_used",
  evmInsufficientBalance: "invalid_exact_evm_insufficient_balance",
  evmSimulationFailed: "invalid_exact_evm_transaction_simulation_failed",
  evmTransferEventMismatch: "invalid_exact_evm_transfer_event_mismatch",
  // exact on Solana (2.27 names)
  svmFeePayerMissing: "invalid_exact_svm_payload_missing_fee_payer",
  svmFeePayerNotManaged: "fee_payer_not_managed_by_facilitator",
  svmFeePayerMismatch: "invalid_exact_svm_fee_payer_mismatch",
  svmUndecodable: "invalid_exact_svm_payload_transaction_could_not_be_decoded",
  svmInstructionsLength: "invalid_exact_svm_payload_transaction_instructions_length",
  svmComputeLimit: "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
  svmComputePrice: "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction",
  svmComputePriceTooHigh:
    "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high",
  svmComputeLimitTooHigh:
    "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high",
  svmNoTransfer: "invalid_exact_svm_payload_no_transfer_instruction",
  svmFeePayerTransferring: "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
  svmMintMismatch: "invalid_exact_svm_payload_mint_mismatch",
  svmRecipientMismatch: "invalid_exact_svm_payload_recipient_mismatch",
  svmAmountMismatch: "invalid_exact_svm_payload_amount_mismatch",
  svmUnknownInstruction: "invalid_exact_svm_payload_unknown_instruction",
  svmMemoCount: "invalid_exact_svm_payload_memo_count",
  svmMemoMismatch: "invalid_exact_svm_payload_memo_mismatch",
  svmSignatureInvalid: "invalid_exact_svm_payload_signature_invalid",
  svmExcessiveSigners: "invalid_exact_svm_payload_excessive_signers",
  svmSimulationFailed: "transaction_simulation_failed",
  svmTransactionFailed: "transaction_failed",
  verificationFailed: "verification_failed",
} as const;

/** One of the frozen x402 wire reason strings paymux emits. */
export type X402Reason = (typeof X402_REASONS)[keyof typeof X402_REASONS];

/** IETF Payment auth problem types (`https://paymentauth.org/problems/<type>`). */
export const PAYMENT_PROBLEM_TYPES = {
  paymentRequired: "payment-required",
  paymentInsufficient: "payment-insufficient",
  paymentExpired: "payment-expired",
  verificationFailed: "verification-failed",
  methodUnsupported: "method-unsupported",
  malformedCredential: "malformed-credential",
  invalidChallenge: "invalid-challenge",
  invalidPayload: "invalid-payload",
  badRequest: "bad-request",
} as const;

/** One of the IETF Payment problem type names. */
export type PaymentProblemType = (typeof PAYMENT_PROBLEM_TYPES)[keyof typeof PAYMENT_PROBLEM_TYPES];

/** Base URI of the IETF Payment problem types. */
export const PAYMENT_PROBLEM_BASE = "https://paymentauth.org/problems/";
