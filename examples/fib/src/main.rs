//! Fibonacci: input `n: u32`, output `fib(n) mod 2^128` as `u128` (fib(0) = 0, fib(1) = 1).
//! A pure ALU loop: adds and branches, the cheapest kind of cycle.
#![no_std]
#![no_main]

guest::entry!(main);

fn main() {
    let n: u32 = guest::read_input();
    let (mut a, mut b) = (0u128, 1u128);
    for _ in 0..n {
        let next = a.wrapping_add(b);
        a = b;
        b = next;
    }
    guest::write_output(&a);
}
