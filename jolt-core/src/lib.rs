//! `jolt-core`: prove and verify whole RV32IM executions.
//!
//! To be filled by the jolt-core issue. This crate will own (DESIGN.md §6, §8):
//! - the statement and preprocessing (the verifier derives every structural object — R1CS key,
//!   subtables, bytecode, memory layout — from the program, never from the proof);
//! - witness generation from the tracer's trace;
//! - the four components: bytecode, registers/RAM, instruction lookups, R1CS/Spartan;
//! - the opening accumulator, `prove` / `verify`, and total proof (de)serialisation.

pub mod r1cs;
