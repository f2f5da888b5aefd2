//! The long workload: ECDSA signature verification on secp256k1 with RustCrypto's `k256`, the
//! way a wallet or a light client checks a transaction (millions of cycles per signature).
//! Shared by the guest (`main.rs`) and the host, which runs this same source natively.
#![no_std]

use k256::ecdsa::signature::hazmat::PrehashVerifier;
use k256::ecdsa::{Signature, VerifyingKey};

/// Verifies the 64-byte signature `signature` of the 32-byte message digest `prehash` under the
/// SEC1-encoded public key `key`, `times` times; returns how many verifications accepted (0
/// for a malformed key or signature).
pub fn verify(key: &[u8], prehash: &[u8], signature: &[u8], times: u32) -> u32 {
    let Ok(key) = VerifyingKey::from_sec1_bytes(key) else {
        return 0;
    };
    let Ok(signature) = Signature::from_slice(signature) else {
        return 0;
    };
    (0..times)
        .filter(|_| key.verify_prehash(prehash, &signature).is_ok())
        .count() as u32
}
