//! Collatz: input `limit: u32`; output `(start, steps)` of the start value below `limit`
//! whose Collatz sequence takes the most steps to reach 1.
#![no_std]
#![no_main]

guest::entry!(main);

fn main() {
    let limit: u32 = guest::read_input();
    guest::write_output(&collatz::longest_chain(limit));
}
