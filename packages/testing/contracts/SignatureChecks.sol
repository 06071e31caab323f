// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @dev ERC-1271: how contract wallets vouch for a signature.
interface IERC1271 {
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue);
}

/// @title SignatureChecks - EOA (ECDSA) and contract (ERC-1271) signature validation for TestUSDC.
/// @dev Internal functions only, so they are inlined into the token and need no linking.
library SignatureChecks {
    bytes4 private constant _ERC1271_MAGIC_VALUE = 0x1626ba7e;
    /// @dev secp256k1n / 2: signatures with a larger `s` are the malleable twin of a valid one (EIP-2).
    uint256 private constant _HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev ECDSA first (covers EOAs, including EIP-7702-delegated ones whose code is a delegation marker),
    /// then ERC-1271 for anything with code.
    function isValidNow(address signer, bytes32 digest, bytes memory signature) internal view returns (bool) {
        if (signer != address(0) && recover(digest, signature) == signer) return true;
        if (signer.code.length == 0) return false;
        (bool ok, bytes memory ret) =
            signer.staticcall(abi.encodeWithSelector(IERC1271.isValidSignature.selector, digest, signature));
        // Compare the whole word so a wallet returning dirty low bytes is rejected instead of decoded loosely.
        return ok && ret.length == 32 && abi.decode(ret, (bytes32)) == bytes32(_ERC1271_MAGIC_VALUE);
    }

    /// @dev Returns address(0) instead of reverting on malformed input so the ERC-1271 path can still run.
    function recover(bytes32 digest, bytes memory signature) internal pure returns (address) {
        if (signature.length != 65) return address(0);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        if (uint256(s) > _HALF_CURVE_ORDER) return address(0);
        if (v != 27 && v != 28) return address(0);
        return ecrecover(digest, v, r, s);
    }
}
