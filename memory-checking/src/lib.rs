//! `memory-checking`: grand products and offline memory checking.
//!
//! To be filled by the memory-checking issue. This crate will own:
//! - fingerprints $h(a, v, t) = a + \gamma v + \gamma^2 t - \tau$ computed from compact polynomials;
//! - batched layered GKR grand products (one cubic sum-check per layer for all trees), with
//!   toggled leaves for steps that do not touch a memory;
//! - read-only checking (bytecode, Lasso subtable memories) and read-write checking with
//!   timestamps and a timestamp range check (registers, RAM, program I/O);
//! - the output check binding final memory to the public I/O (DESIGN.md §5).
//!
//! Depends on `math` only; never on `pcs` or `instruction-tables`.
