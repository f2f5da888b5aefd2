//! `host`: the host library and the `jolt` CLI.
//!
//! To be filled by the developer-surface issue. This crate will own (DESIGN.md §10): building a
//! guest for `riscv32im-unknown-none-elf` (installing the target if missing), loading any RV32IM
//! ELF, run/trace, prove, verify, save/load proofs and keys, and a CLI over the same API
//! (`new`, `build`, `run`, `prove`, `verify`, `profile`).
