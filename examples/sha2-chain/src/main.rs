//! SHA-256 chain (the `sha2` crate): input `(data: Vec<u8>, iterations: u32)`; output the
//! 32-byte digest of `h_1 = sha256(data)`, `h_{i+1} = sha256(h_i)`. With a 32-byte seed this
//! is the "sha2-chain" workload of the zkvm benchmarks.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use sha2::{Digest, Sha256};

guest::entry!(main);

fn main() {
    let (data, iterations): (Vec<u8>, u32) = guest::read_input();
    let mut digest: [u8; 32] = Sha256::digest(&data).into();
    for _ in 1..iterations {
        digest = Sha256::digest(digest).into();
    }
    guest::write_output(&digest);
}
