//! `instruction-tables`: every RV32IM instruction as a decomposable lookup (the ISA layer of
//! DESIGN.md §4).
//!
//! Each instruction's evaluation table has $2^{64}$ entries; the prover never builds it. A
//! query is cut into $C = 4$ chunks of 16 bits, each chunk is looked up in small subtables of
//! size $M = 2^{16}$, and a collation polynomial $g$ combines the values. The verifier only
//! evaluates each subtable's multilinear extension, in $O(\log M)$ (Lasso, ePrint 2023/1216).
//!
//! | module | owns |
//! |---|---|
//! | [`subtables`] | the subtables: values and closed-form MLEs, named by [`SubtableKind`] |
//! | [`lookups`] | the lookup instructions: query shapes, subtables per chunk, $g$, native result |
//! | [`rv32im`] | opcode → rows (virtual sequences), each row's lookup/operands/rd/pc/RAM, reference executor |
//! | [`report`] | the per-instruction decomposition table (used by the reproduction report) |
//!
//! Depends on `math` (the field) only; the tracer is a test oracle (dev-dependency).

pub mod lookups;
pub mod memories;
pub mod report;
pub mod rv32im;
pub mod subtables;

pub use lookups::{C, Lookup, LookupInstruction, QueryShape};
pub use memories::{LookupMemory, MemoryPlan};
pub use rv32im::{MicroOp, Op, OpSpec, RvOpcode, VirtualOpcode};
pub use subtables::{LOG_M, M, Subtable, SubtableKind};

/// Every (subtable, chunk) pair some lookup reads, sorted (Lasso's memories; this crate's
/// memories stack them in slots: [`MemoryPlan`]).
pub fn memories() -> Vec<(SubtableKind, usize)> {
    use strum::IntoEnumIterator;
    let mut all: Vec<_> = Lookup::iter()
        .flat_map(|l| l.subtables().iter().copied())
        .collect();
    all.sort();
    all.dedup();
    all
}
