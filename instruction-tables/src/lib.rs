//! `instruction-tables`: every RV32IM instruction as a decomposable lookup.
//!
//! To be filled by the instruction-tables issue. This crate will own (DESIGN.md §4):
//! - the `Subtable` trait (`materialize`, `evaluate_mle` in $O(\log M)$) and every subtable
//!   (AND, OR, XOR, EQ, LTU, SLL_k, …), identified by an explicit enum;
//! - the lookup instructions: chunking into $C = 4$ chunks with $M = 2^{16}$, the collation
//!   polynomial $g$, `lookup_entry` (native semantics);
//! - virtual sequences for MULH/MULHSU/DIV/DIVU/REM/REMU with exact RISC-V semantics.
//!
//! Depends on `math` (the field) only.
//!
//! Done so far: [`subtables`] (every table of DESIGN.md §4 except the sign-extension and
//! low-bit tables, whose exact form follows the memory design of the instruction layer).

pub mod subtables;

pub use subtables::{LOG_M, M, Subtable, SubtableKind};
