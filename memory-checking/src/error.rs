//! The crate's one error enum: rejections of a proof, and misuse by the caller, kept apart.

use math::SumcheckError;
use thiserror::Error;

use crate::claims::{MemoryId, PolyKind};

/// One of the four product trees of a memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TreeRole {
    /// Read tuples.
    Read,
    /// Write tuples.
    Write,
    /// Initial-memory tuples.
    Init,
    /// Final-memory tuples.
    Final,
}

/// Why a memory-checking proof was rejected, or why it could not be run.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MemoryCheckingError {
    // ---- The proof is rejected. ----
    /// A proof vector has a different length than the verifier's shapes imply (wrong number of
    /// trees, layers, evaluations or openings).
    #[error("proof shape: {what} has length {got}, expected {expected}")]
    ProofShape {
        /// Which part of the proof.
        what: &'static str,
        /// Length the verifier's own shapes imply.
        expected: usize,
        /// Length the proof carries.
        got: usize,
    },
    /// A grand-product layer's sum-check is malformed (round count, degree).
    #[error("grand-product layer {layer}: sum-check rejected: {source}")]
    LayerSumcheck {
        /// Layer index (0 = the root layer, with no sum-check).
        layer: usize,
        /// What the sum-check verifier found.
        #[source]
        source: SumcheckError,
    },
    /// A grand-product layer's child evaluations do not reproduce the layer's claim.
    #[error("grand-product layer {layer}: child evaluations do not match the layer claim")]
    LayerClaim {
        /// Layer index (0 = the root layer).
        layer: usize,
    },
    /// $Init \cdot Write \ne Read \cdot Final$: the memory's multisets differ.
    #[error("{memory:?}: Init·Write ≠ Read·Final (the access multisets differ)")]
    MultisetMismatch {
        /// The memory.
        memory: MemoryId,
    },
    /// The opened values do not reproduce a tree's leaf claim (a fingerprint or the verifier's
    /// own init/final evaluation).
    #[error("{memory:?}: opened values do not reproduce the {tree:?} tree's leaf claim")]
    LeafMismatch {
        /// The memory.
        memory: MemoryId,
        /// The tree.
        tree: TreeRole,
    },
    /// The read and write trees of a toggled memory disagree on the flag at the leaf point.
    #[error("{memory:?}: read and write trees disagree on the toggle flag")]
    FlagMismatch {
        /// The memory.
        memory: MemoryId,
    },
    /// $\sum_j 2^{16j} c_j \ne t_{write} - t_{read} - 1$ at the random point.
    #[error("timestamp range check: chunks do not recombine to t_write − t_read − 1")]
    RangeCheckRelation,
    /// The output check's sum-check is malformed.
    #[error("output check: sum-check rejected: {source}")]
    OutputSumcheck {
        /// What the sum-check verifier found.
        #[source]
        source: SumcheckError,
    },
    /// Final memory differs from the public I/O on the I/O region.
    #[error("output check: final memory differs from the public I/O on the I/O region")]
    OutputCheck,
    /// The proof's initial-memory opening differs from the verifier's own evaluation of the
    /// public initial memory.
    #[error("initial memory: the opening differs from the public initial memory")]
    InitValueMismatch,

    // ---- The caller misused the API. ----
    /// A call with no memories.
    #[error("no memories given")]
    NoMemories,
    /// A memory or tree with fewer than two entries (GKR needs at least one layer), or more
    /// than [`MAX_NUM_VARS`](crate::MAX_NUM_VARS) variables.
    #[error("{memory:?}: {num_vars} variables is outside 1..={max}")]
    UnsupportedSize {
        /// The memory.
        memory: MemoryId,
        /// The requested number of variables.
        num_vars: usize,
        /// The largest supported number.
        max: usize,
    },
    /// A witness polynomial has the wrong length.
    #[error("{memory:?}: {kind:?} has {got} entries, expected {expected}")]
    WitnessLength {
        /// The memory.
        memory: MemoryId,
        /// The column.
        kind: PolyKind,
        /// Entries the memory's shape needs.
        expected: usize,
        /// Entries supplied.
        got: usize,
    },
    /// A caller-supplied evaluator returned the wrong number of values.
    #[error("{memory:?}: table evaluator returned {got} values, expected {expected}")]
    EvaluatorOutput {
        /// The memory.
        memory: MemoryId,
        /// Value columns of the memory.
        expected: usize,
        /// Values returned.
        got: usize,
    },
    /// A grand-product tree with fewer than two leaves or more than
    /// $2^{\text{MAX\_NUM\_VARS}}$.
    #[error("grand-product tree {tree}: {num_vars} variables is outside 1..={max}")]
    TreeSize {
        /// Index of the tree in the batch.
        tree: usize,
        /// The requested number of variables.
        num_vars: usize,
        /// The largest supported number.
        max: usize,
    },
    /// A raw address or timestamp gap is out of range (helpers computing counts and chunks).
    #[error("entry {index} is {value}, outside 0..{bound}")]
    OutOfRange {
        /// Index of the offending entry.
        index: usize,
        /// Its value.
        value: u64,
        /// The exclusive bound.
        bound: u64,
    },
    /// The timestamp range-check bit width is outside `1..=64`.
    #[error("timestamp range check over {bits} bits; supported widths are 1..=64")]
    TimestampBits {
        /// The requested width.
        bits: usize,
    },
    /// The sum-check prover refused its input (a shape bug in this crate's caller).
    #[error("sum-check prover: {0}")]
    Prover(#[from] SumcheckError),
}

impl MemoryCheckingError {
    /// True when a proof was rejected; false when the caller misused the API.
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            Self::ProofShape { .. }
                | Self::LayerSumcheck { .. }
                | Self::LayerClaim { .. }
                | Self::MultisetMismatch { .. }
                | Self::LeafMismatch { .. }
                | Self::FlagMismatch { .. }
                | Self::RangeCheckRelation
                | Self::OutputSumcheck { .. }
                | Self::OutputCheck
                | Self::InitValueMismatch
        )
    }
}

/// `Ok` when a witness column has the length its memory's shape needs.
pub(crate) fn check_length(
    memory: MemoryId,
    kind: PolyKind,
    expected: usize,
    got: usize,
) -> Result<(), MemoryCheckingError> {
    let error = MemoryCheckingError::WitnessLength {
        memory,
        kind,
        expected,
        got,
    };
    (expected == got).then_some(()).ok_or(error)
}

/// `Ok` when every size (a number of variables) is in `1..=MAX_NUM_VARS`.
pub(crate) fn check_sizes(memory: MemoryId, sizes: &[usize]) -> Result<(), MemoryCheckingError> {
    match sizes.iter().find(|n| **n == 0 || **n > crate::MAX_NUM_VARS) {
        Some(num_vars) => Err(MemoryCheckingError::UnsupportedSize {
            memory,
            num_vars: *num_vars,
            max: crate::MAX_NUM_VARS,
        }),
        None => Ok(()),
    }
}
