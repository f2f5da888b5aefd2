//! Memory-heavy: input `(n: u32, seed: u64)`; output `sort::summarize(n, seed)` =
//! `(checksum, distinct_classes, median)` of `n` sorted pseudo-random words. Exercises the
//! allocator, loads and stores.
#![no_std]
#![no_main]

guest::entry!(main);

fn main() {
    let (n, seed): (u32, u64) = guest::read_input();
    guest::write_output(&sort::summarize(n, seed));
}
