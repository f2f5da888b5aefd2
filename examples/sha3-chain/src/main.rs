//! SHA3-256 chain (the `sha3` crate): input `(data: Vec<u8>, iterations: u32)`; output the
//! 32-byte digest of `h_1 = sha3_256(data)`, `h_{i+1} = sha3_256(h_i)`.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use sha3::{Digest, Sha3_256};

guest::entry!(main);

fn main() {
    let (data, iterations): (Vec<u8>, u32) = guest::read_input();
    let mut digest: [u8; 32] = Sha3_256::digest(&data).into();
    for _ in 1..iterations {
        digest = Sha3_256::digest(digest).into();
    }
    guest::write_output(&digest);
}
