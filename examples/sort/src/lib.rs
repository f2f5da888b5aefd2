//! The memory-heavy workload, shared by the guest (`main.rs`) and the host tests, which run
//! this same source natively and compare.
#![no_std]

extern crate alloc;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Builds `n` pseudo-random words (xorshift64 from `seed`), sorts them, counts them by value
/// class in a `BTreeMap`; returns `(checksum, distinct_classes, median)`.
pub fn summarize(n: u32, seed: u64) -> (u32, u32, u32) {
    let mut state = seed | 1;
    let mut values: Vec<u32> = (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 16) as u32
        })
        .collect();
    values.sort_unstable();
    let mut classes: BTreeMap<u32, u32> = BTreeMap::new();
    for v in &values {
        *classes.entry(v >> 20).or_insert(0) += 1;
    }
    let checksum = values.iter().enumerate().fold(0u32, |acc, (i, v)| {
        acc.wrapping_mul(31).wrapping_add(v ^ i as u32)
    });
    let median = values.get(values.len() / 2).copied().unwrap_or(0);
    (checksum, classes.len() as u32, median)
}
