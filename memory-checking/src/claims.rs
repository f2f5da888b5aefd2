//! What the protocols hand back: opening claims on named polynomials, for one accumulator.
//!
//! Every prove and verify function of this crate returns a `Vec<`[`OpeningClaim`]`>`. Each
//! claim says "the committed (or otherwise known) polynomial [`PolyId`] evaluates to `value` at
//! `point`". The caller feeds all of them — from every memory of every protocol — into one
//! opening accumulator; the crate never commits and never opens. Prover and verifier return the
//! same list in the same order, so the prover's accumulator and the verifier's agree.
//!
//! A [`PolyId`] is a [`MemoryId`] (which memory of the call) and a [`PolyKind`] (which column of
//! it). The caller maps it to its own polynomial: e.g. for Lasso, `PolyId { memory:
//! ReadOnly(i), kind: Address }` is the chunk-index polynomial `dim` that memory `i` reads with.
//!
//! | [`PolyKind`] | read-only memory | read-write memory | range-check chunk `j` |
//! |---|---|---|---|
//! | `Address` | read addresses $a$ | op addresses $a$ | chunk $c_j$ (the lookup address) |
//! | `Value(i)` | value column $v_i$ | — | — |
//! | `ReadValue` | — | $v_{read}$ | — |
//! | `WriteValue` | — | $v_{write}$ | — |
//! | `Tag` | — | op tags $g_s$ | — |
//! | `ReadTimestamp` | read counts $t$ | $t_{read}$ | lookup read counts |
//! | `FinalTimestamp` | final counts | $t_{final}$ | final counts |
//! | `FinalValue` | — | $v_{final}$ | — |
//! | `Flag` | toggle flags $f$ | — | — |

use math::Fr;

/// Which memory of a call a polynomial belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MemoryId {
    /// Memory `i` of a [`read_only`](crate::read_only) call (index into the caller's list).
    ReadOnly(usize),
    /// The address space of a [`read_write`](crate::read_write) call.
    ReadWrite,
    /// The timestamp range check's lookups for 16-bit chunk `j` (chunk 0 least significant).
    RangeChunk(usize),
}

/// Which column of a memory (see the [module table](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolyKind {
    /// Read (op) addresses; for a range-check chunk, the chunk itself.
    Address,
    /// Value column `i` of a read-only memory (bytecode rows have several).
    Value(usize),
    /// Values read by a read-write memory.
    ReadValue,
    /// Values written by a read-write memory.
    WriteValue,
    /// The tag of the address each op of a read-write memory touches.
    Tag,
    /// Read timestamps (read counts of a read-only memory).
    ReadTimestamp,
    /// Final timestamps (final counts of a read-only memory), one per address.
    FinalTimestamp,
    /// Final values of a read-write memory, one per address.
    FinalValue,
    /// Initial values of a read-write memory whose initial memory is committed (a
    /// continuation shard's: the previous shard's final values), one per address.
    InitValue,
    /// Toggle flags of a read-only memory read only on some steps.
    Flag,
}

/// A polynomial the caller owns (committed, or otherwise able to open).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolyId {
    /// Which memory.
    pub memory: MemoryId,
    /// Which column of it.
    pub kind: PolyKind,
}

impl PolyId {
    /// `kind` of `memory`.
    pub fn new(memory: MemoryId, kind: PolyKind) -> Self {
        Self { memory, kind }
    }
}

/// "`poly` evaluates to `value` at `point`": to be discharged by the caller's PCS.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "memory checking proves nothing until its opening claims are discharged"]
pub struct OpeningClaim {
    /// The polynomial.
    pub poly: PolyId,
    /// The point, in `math`'s variable order (`point[0]` is $x_0$, the most significant bit).
    pub point: Vec<Fr>,
    /// The claimed evaluation.
    pub value: Fr,
}

impl OpeningClaim {
    /// `kind` of `memory` at `point` equals `value`.
    pub(crate) fn new(memory: MemoryId, kind: PolyKind, point: &[Fr], value: Fr) -> Self {
        Self {
            poly: PolyId::new(memory, kind),
            point: point.to_vec(),
            value,
        }
    }
}
