// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestWallet1271 - test-only smart wallet that approves digests signed by its owner key (ERC-1271).
/// @dev Deliberately minimal: enough to prove that the token's `bytes signature` overloads accept contract payers.
contract TestWallet1271 {
    address public immutable signer;

    constructor(address signer_) {
        signer = signer_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return 0xffffffff;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        return ecrecover(hash, v, r, s) == signer ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
