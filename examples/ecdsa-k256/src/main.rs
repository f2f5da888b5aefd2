//! ECDSA (secp256k1) verification: input `(key, prehash, signature, times)` (SEC1 public key,
//! 32-byte digest, 64-byte signature, repetitions); output how many verifications accepted.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;

guest::entry!(main);

fn main() {
    let (key, prehash, signature, times): (Vec<u8>, Vec<u8>, Vec<u8>, u32) = guest::read_input();
    guest::write_output(&ecdsa_k256::verify(&key, &prehash, &signature, times));
}
