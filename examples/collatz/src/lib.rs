//! The Collatz workload, shared by the guest (`main.rs`) and the host tests, which run this
//! same source natively and compare.
#![no_std]

/// Steps of the Collatz sequence from `n` to 1 (u64: 3n + 1 overflows 32 bits quickly).
pub fn steps(mut n: u64) -> u32 {
    let mut count = 0;
    while n != 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            3 * n + 1
        };
        count += 1;
    }
    count
}

/// `(start, steps)` of the start value below `limit` with the longest sequence.
pub fn longest_chain(limit: u32) -> (u32, u32) {
    let mut best = (1u32, 0u32);
    for start in 1..limit {
        let s = steps(u64::from(start));
        if s > best.1 {
            best = (start, s);
        }
    }
    best
}
