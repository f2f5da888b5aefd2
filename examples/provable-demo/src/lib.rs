//! Several `#[provable]` functions in one guest crate. Each gets its own ELF (the host builds
//! the crate once per function) and, on the host, a module of the same name with `build`,
//! `prove`, `verify`, `analyze` and `run`. The small memory and trace bounds keep proofs of
//! these examples fast; they double as the error-path examples of the host tests.
#![no_std]
// The generated entry and records allow only what they need.
#![deny(unsafe_code)]

extern crate alloc;

use alloc::vec;
use alloc::vec::Vec;

/// `fib(n) mod 2^128`.
#[guest::provable(memory_size = 64 << 10, stack_size = 8 << 10, max_trace_length = 1 << 14)]
pub fn fib(n: u32) -> u128 {
    let (mut a, mut b) = (0u128, 1u128);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// The sum and the largest of `values`, with a label (two arguments, a tuple result).
#[guest::provable(memory_size = 64 << 10, stack_size = 8 << 10, max_input_size = 1024, max_trace_length = 1 << 14)]
pub fn stats(label: u8, values: Vec<u32>) -> (u8, u64, u32) {
    let sum = values.iter().map(|&v| u64::from(v)).sum();
    let max = values.iter().copied().max().unwrap_or(0);
    (label, sum, max)
}

/// Allocates `bytes` bytes at once and returns how many are non-zero: runs out of heap for
/// sizes above the configured memory.
#[guest::provable(memory_size = 64 << 10, stack_size = 8 << 10, max_trace_length = 1 << 14)]
pub fn allocate(bytes: u32) -> u32 {
    let buffer = vec![1u8; bytes as usize];
    buffer.iter().filter(|&&b| b != 0).count() as u32
}

/// `len` bytes of output: too large for outputs above `max_output_size` (64 bytes here).
#[guest::provable(memory_size = 64 << 10, stack_size = 8 << 10, max_output_size = 64, max_trace_length = 1 << 14)]
pub fn echo(len: u32) -> Vec<u8> {
    (0..len).map(|i| i as u8).collect()
}
