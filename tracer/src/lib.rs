//! `tracer`: run RV32IM programs and record their execution trace. No cryptography.
//!
//! To be filled by the tracer issue. This crate will own (DESIGN.md §3):
//! - ELF loading and the memory layout derived from the ELF plus a config;
//! - RV32IM decoding and execution (all 40 RV32I + 8 M instructions), memory-mapped program
//!   I/O, halting through the Linux `exit` ecall;
//! - compact trace rows (pc, instruction, register reads/writes, RAM access, advice);
//! - clear errors (never panics) for malformed ELFs, illegal instructions, out-of-bounds memory,
//!   stack overflow and cycle limits; lockstep differential tests against `qemu-riscv32`.
