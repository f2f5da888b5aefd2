//! Multiply/divide-heavy: input `(n: u32, seed: u32)`; output `muldiv::checksum(n, seed)`,
//! which exercises every M-extension instruction, ÷0, INT_MIN/−1 and 64-bit division.
#![no_std]
#![no_main]

guest::entry!(main);

fn main() {
    let (n, seed): (u32, u32) = guest::read_input();
    guest::write_output(&muldiv::checksum(n, seed));
}
