//! Read-only offline memory checking, batched over many memories (Lasso ePrint 2023/1216;
//! Blum et al. 1991).
//!
//! # Relation
//! A memory of $K = 2^{\log K}$ rows (row $i$ holds values $T_1(i), \dots, T_k(i)$) is read at
//! $N = 2^{\log N}$ steps: step $s$ reads address $a_s$ and values $v_s$ (possibly only on steps
//! with flag $f_s = 1$). The prover claims every read returns the table's row:
//! $v_s = T(a_s)$ for all flagged $s$. With read counts $t_s$ (how many earlier flagged reads hit
//! $a_s$) and final counts $c_i$ (how many flagged reads hit $i$), the multisets
//! $$ Init = \{(i, T(i), 0)\},\ Write = \{(a_s, v_s, t_s + 1)\},\ Read = \{(a_s, v_s, t_s)\},\
//!    Final = \{(i, T(i), c_i)\} $$
//! satisfy $Init \cup Write = Read \cup Final$ if and only if every read is correct (Lasso:
//! each address's tuples form the chain $0, 1, \dots, c_i$). The verifier checks
//! $\prod h(Init) \cdot \prod h(Write) = \prod h(Read) \cdot \prod h(Final)$ for the fingerprint
//! $h$ ([`crate::fingerprint`]), with the four products from one batched GKR over all memories
//! ([`crate::grand_product`]; read and write trees toggled by $f$ when the memory has flags).
//!
//! # What is committed, what the verifier evaluates
//! | column | length | who |
//! |---|---|---|
//! | addresses $a$, values $v_j$, read counts $t$, flags $f$ | $N$ | committed by the caller |
//! | final counts $c$ | $K$ | committed by the caller |
//! | init/final addresses $i$ | $K$ | verifier: $\widetilde{id}$ |
//! | init/final values $T_j$ | $K$ | verifier: the caller's table evaluator ([`ReadOnlyShape::table`]) |
//! | write counts $t + 1$ | $N$ | implied: $h_{write} = h_{read} + \gamma^{k+1}$ |
//!
//! The returned [`OpeningClaim`](crate::OpeningClaim)s, per memory in input order: `Address`, `Value(0..k)`,
//! `ReadTimestamp` (and `Flag` if toggled) at the read point $r$ (shared by all memories with the
//! same $\log N$), then `FinalTimestamp` at the table point $r'$ (shared by equal $\log K$).
//! **Flags must be proven boolean by the caller** (jolt-core's R1CS): a non-boolean flag makes a
//! toggled leaf an arbitrary value.
//!
//! # Transcript schedule
//! The caller has appended every commitment above. Then:
//! 1. `append_u64(NUM_MEMORIES)`; per memory `append_u64` of $\log N$, $\log K$, $k$, toggled;
//! 2. $\gamma$, $\tau$ ([`FingerprintChallenges::sample`](crate::FingerprintChallenges::sample));
//! 3. the batched grand product over trees (read, write, init, final) of every memory, in order;
//! 4. `append_scalars(OPENINGS, …)`: per memory $a(r), v_1(r), \dots, v_k(r), t(r), c(r')$.
//!
//! # Symbols
//! | paper | identifier |
//! |---|---|
//! | $a_s$, $v_s$, $t_s$, $f_s$ | [`ReadOnlyMemory`] `addresses`, `values`, `read_timestamps`, `flags` |
//! | $c_i$ | [`ReadOnlyMemory::final_timestamps`] |
//! | $T$ | [`ReadOnlyMemory::table`] (prover), [`ReadOnlyShape::table`] (verifier) |
//! | $\log N$, $\log K$, $k$ | [`ReadOnlyShape`] `log_reads`, `log_size`, `num_values` |
//! | $r$, $r'$ | points of the returned claims |

mod proof;
mod prover;
mod verifier;

#[cfg(test)]
mod tests;

use math::{CompactPolynomial, Fr, MultilinearPolynomial, SmallValue, Transcript};

pub use proof::{ReadOnlyOpenings, ReadOnlyProof};
pub use prover::prove;
pub(crate) use prover::{memory_openings, memory_trees};
pub use verifier::verify;
pub(crate) use verifier::{check_memory, memory_claims};

use crate::error::{check_length, check_sizes};
use crate::grand_product::TreeShape;
use crate::{MemoryCheckingError, MemoryId, PolyKind};

/// Transcript labels.
mod label {
    pub(super) const NUM_MEMORIES: &[u8] = b"read_only_num_memories";
    pub(super) const LOG_READS: &[u8] = b"read_only_log_reads";
    pub(super) const LOG_SIZE: &[u8] = b"read_only_log_size";
    pub(super) const NUM_VALUES: &[u8] = b"read_only_num_values";
    pub(super) const TOGGLED: &[u8] = b"read_only_toggled";
    pub(super) const OPENINGS: &[u8] = b"read_only_openings";
}

/// The MLEs of a table's value columns at a point of $\log K$ coordinates (`vec![T_1(r), …]`).
/// Must return exactly `num_values` values.
pub type TableEvaluator<'a> = &'a (dyn Fn(&[Fr]) -> Vec<Fr> + Sync);

/// The prover's witness for one read-only memory. Columns are borrowed: the caller keeps them
/// for committing and opening.
#[derive(Clone, Debug)]
pub struct ReadOnlyMemory<'a> {
    /// $a$: read addresses ($N$ entries, values in $[0, K)$).
    pub addresses: &'a MultilinearPolynomial,
    /// $v_1, \dots, v_k$: values read ($N$ entries each; $k = 0$ allowed).
    pub values: Vec<&'a MultilinearPolynomial>,
    /// $t$: read counts ($N$ entries).
    pub read_timestamps: &'a MultilinearPolynomial,
    /// $c$: final counts ($K$ entries).
    pub final_timestamps: &'a MultilinearPolynomial,
    /// $f$: which steps read (`None`: every step).
    pub flags: Option<&'a CompactPolynomial<bool>>,
    /// $T_1, \dots, T_k$: the table's value columns ($K$ entries each).
    pub table: Vec<&'a MultilinearPolynomial>,
}

/// What the verifier knows about one read-only memory (from its statement, never the proof).
#[derive(Clone, Copy)]
pub struct ReadOnlyShape<'a> {
    /// $\log N$ (at least 1).
    pub log_reads: usize,
    /// $\log K$ (at least 1).
    pub log_size: usize,
    /// $k$, the number of value columns.
    pub num_values: usize,
    /// Whether reads are toggled by flags.
    pub toggled: bool,
    /// Evaluates $T_1, \dots, T_k$ at a point.
    pub table: TableEvaluator<'a>,
}

impl core::fmt::Debug for ReadOnlyShape<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ReadOnlyShape")
            .field("log_reads", &self.log_reads)
            .field("log_size", &self.log_size)
            .field("num_values", &self.num_values)
            .field("toggled", &self.toggled)
            .finish_non_exhaustive()
    }
}

/// The sizes of one memory, as both sides see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MemoryDims {
    pub(crate) log_reads: usize,
    pub(crate) log_size: usize,
    pub(crate) num_values: usize,
    pub(crate) toggled: bool,
}

impl MemoryDims {
    /// The four trees' shapes: read, write, init, final.
    pub(crate) fn tree_shapes(&self) -> [TreeShape; 4] {
        let reads = TreeShape {
            num_vars: self.log_reads,
            toggled: self.toggled,
        };
        let table = TreeShape {
            num_vars: self.log_size,
            toggled: false,
        };
        [reads, reads, table, table]
    }

    /// Both sizes in `1..=MAX_NUM_VARS`.
    pub(crate) fn check(&self, memory: MemoryId) -> Result<(), MemoryCheckingError> {
        check_sizes(memory, &[self.log_reads, self.log_size])
    }

    fn absorb(&self, transcript: &mut Transcript) {
        transcript.append_u64(label::LOG_READS, self.log_reads as u64);
        transcript.append_u64(label::LOG_SIZE, self.log_size as u64);
        transcript.append_u64(label::NUM_VALUES, self.num_values as u64);
        transcript.append_u64(label::TOGGLED, u64::from(self.toggled));
    }
}

impl ReadOnlyShape<'_> {
    pub(crate) fn dims(&self) -> MemoryDims {
        MemoryDims {
            log_reads: self.log_reads,
            log_size: self.log_size,
            num_values: self.num_values,
            toggled: self.toggled,
        }
    }
}

impl ReadOnlyMemory<'_> {
    /// The memory's sizes, after checking every column has the length they imply.
    pub(crate) fn dims(&self, memory: MemoryId) -> Result<MemoryDims, MemoryCheckingError> {
        let reads = self.addresses.len();
        let size = self.final_timestamps.len();
        let dims = MemoryDims {
            log_reads: reads.trailing_zeros() as usize,
            log_size: size.trailing_zeros() as usize,
            num_values: self.values.len(),
            toggled: self.flags.is_some(),
        };
        dims.check(memory)?;
        let length = |kind, expected, got| check_length(memory, kind, expected, got);
        for (j, v) in self.values.iter().enumerate() {
            length(PolyKind::Value(j), reads, v.len())?;
        }
        length(PolyKind::ReadTimestamp, reads, self.read_timestamps.len())?;
        if let Some(flags) = self.flags {
            length(PolyKind::Flag, reads, flags.len())?;
        }
        length(
            PolyKind::Value(self.table.len()),
            self.values.len(),
            self.table.len(),
        )?;
        for (j, t) in self.table.iter().enumerate() {
            length(PolyKind::Value(j), size, t.len())?;
        }
        Ok(dims)
    }
}

/// Absorbs every memory's sizes (schedule step 1).
fn absorb_dims(dims: &[MemoryDims], transcript: &mut Transcript) {
    transcript.append_u64(label::NUM_MEMORIES, dims.len() as u64);
    for d in dims {
        d.absorb(transcript);
    }
}

/// Read counts and final counts of a read-only memory, as the caller should commit them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessCounts {
    /// $t_s$: how many earlier flagged reads hit $a_s$ (0 on unflagged steps).
    pub read_timestamps: Vec<u64>,
    /// $c_i$: how many flagged reads hit $i$.
    pub final_timestamps: Vec<u64>,
}

/// Computes the read and final counts for reads of `addresses` into a table of $2^{\log K}$
/// rows, counting only steps whose flag is set (`None`: all steps).
pub fn access_counts<T: SmallValue>(
    addresses: &[T],
    flags: Option<&[bool]>,
    log_size: usize,
) -> Result<AccessCounts, MemoryCheckingError> {
    let size = 1u64 << log_size.min(63);
    let mut final_timestamps = vec![0u64; 1 << log_size];
    let mut read_timestamps = vec![0u64; addresses.len()];
    for (index, (a, t)) in addresses.iter().zip(&mut read_timestamps).enumerate() {
        if flags.is_some_and(|f| !f.get(index).copied().unwrap_or(false)) {
            continue;
        }
        let value = a.to_u64();
        let count = usize::try_from(value)
            .ok()
            .and_then(|i| final_timestamps.get_mut(i))
            .ok_or(MemoryCheckingError::OutOfRange {
                index,
                value,
                bound: size,
            })?;
        *t = *count;
        *count += 1;
    }
    Ok(AccessCounts {
        read_timestamps,
        final_timestamps,
    })
}
