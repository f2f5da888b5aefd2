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
