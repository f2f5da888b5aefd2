//! Read-write offline memory checking with a timestamp range check and an output check
//! (Blum et al. 1991; Jolt ePrint 2023/1217 — registers, RAM and program I/O in one address
//! space).
//!
//! # Relation
//! One address space of $K = 2^{\log K}$ addresses and $N = 2^{\log N}$ operations. Every address
//! $k$ has a public, immutable **tag** $g_k$ (jolt-core: its access class — read-write,
//! read-only or no access). Operation $s$ reads $(a_s, v^{r}_s, g_s, t^{r}_s)$ and then writes
//! $(a_s, v^{w}_s, g_s, t^{w}_s)$, with one tag $g_s$ for both. With initial memory
//! $(k, v^{init}_k, g_k, 0)$ and final memory $(k, v^{fin}_k, g_k, t^{fin}_k)$ the prover shows
//! 1. **multiset equality** $Init \cup Writes = Reads \cup Final$, by
//!    $\prod h(Init) \cdot \prod h(W) = \prod h(R) \cdot \prod h(Final)$ with one batched grand
//!    product ($h = a + \gamma v + \gamma^2 g + \gamma^3 t - \tau$);
//! 2. **reads are from the past**: $t^w_s - t^r_s - 1 \in [0, 2^{16L})$ for every $s$, where
//!    $L = \lceil B / 16 \rceil$ for the caller's bound $B$: chunks $c_{j,s}$ with
//!    $\sum_j 2^{16j} c_{j,s} = t^w_s - t^r_s - 1$, each looked up in the range table
//!    $\{0, \dots, 2^{16}-1\}$ — one read-only memory per chunk position, value = address, so its
//!    tuples are $(c, t)$ (Lasso); these memories join the same grand product. The linear
//!    relation holds on the hypercube iff it holds for the multilinear extensions, which the
//!    verifier checks at the grand product's random read point $r$ from openings;
//! 3. **the output check**: $\sum_k \widetilde{eq}(r_{out}, k)\, io(k) (v^{fin}(k) - v^{io}(k)) = 0$
//!    by a sum-check over the address space ($io$ is the I/O-region mask); $io$ and $v^{io}$ are
//!    evaluated by the verifier itself, so final memory equals the public I/O on the I/O region.
//!
//! # The timestamp scheme the caller must use (jolt-core)
//! Every cycle $c$ has four operations $j = 0..4$: rs1 read, rs2 read, rd write, one RAM word
//! access, with write timestamps $t^w = 4c + j + 1$. So every operation has a **distinct**
//! timestamp, strictly increasing in execution order, and no write timestamp is 0 (reserved for
//! init). A pure read is an operation with $v^w = v^r$ (jolt-core's R1CS enforces that); an
//! unused slot is a no-op access (e.g. read and rewrite a fixed scratch address or x0's value).
//! The verifier evaluates $\tilde t^w(r) = 4\,\widetilde{id}(r_{cycle}) + j + 1$ itself through
//! [`ReadWriteStatement::write_timestamp`] — write timestamps are never committed.
//!
//! # Why this gives memory consistency
//! Fix an address $a$; let the operations on $a$ have write timestamps $w_1 < \dots < w_m$
//! (distinct by the scheme). The tuples **produced** at $a$ are init $(a, \cdot, 0)$ and the
//! writes at $w_1, \dots, w_m$: $m + 1$ tuples with distinct timestamps. The tuples **consumed**
//! at $a$ are the $m$ reads and the final tuple. Multiset equality makes consumption a bijection
//! onto production (tuples are distinct, so each is consumed exactly once), and a consumed read
//! tuple carries the value of the tuple it consumes. The range check says operation $i$'s read
//! consumes a timestamp $< w_i$. By induction on $i$: operation 1 can only consume timestamp 0
//! (init); if operations $1..i-1$ consumed $0, w_1, \dots, w_{i-2}$, operation $i$ must consume
//! from $\{0, w_1, \dots, w_{i-1}\}$ minus those, i.e. $w_{i-1}$ — **the last write before it**.
//! The final tuple consumes the remaining $w_m$: final memory is the last write. An address
//! outside $[0, K)$ has no init tuple, so its first operation's read has nothing to consume:
//! all addresses are in range. The tag is carried like a value that no operation changes (read
//! and write use the same $g_s$), so the same induction gives $g_s = g_{a_s}$: **every operation
//! carries the tag of the address it touches**, and a caller can constrain what each kind of
//! operation may touch by constraining $g_s$. Timestamps are field elements, but a read tuple must equal a
//! produced one, so $t^r \in \{0\} \cup \{t^w\}$ — small integers — and the range check (with
//! $2^{16L} \le 2^{64} \ll p$) cannot wrap around. The fingerprint products are equal for unequal
//! multisets with probability $O((N + K)/|\mathbb{F}|)$ (Schwartz–Zippel in $\tau$, $\gamma$).
//!
//! # What is committed, what the verifier evaluates
//! | column | length | who |
//! |---|---|---|
//! | $a$, $v^r$, $t^r$, $v^w$, $g$ | $N$ | committed (or the caller's combination of committed columns) |
//! | $v^{fin}$, $t^{fin}$ | $K$ | committed |
//! | chunks $c_j$, their read counts | $N$ each | committed ([`RangeCheckColumns::compute`]) |
//! | range final counts | $2^{16}$ each | committed |
//! | $t^w$ | $N$ | verifier ([`ReadWriteStatement::write_timestamp`]) |
//! | $v^{init}$ | $K$ | verifier ([`ReadWriteStatement::init_value`]), or committed by the caller (continuations) |
//! | $g_k$ | $K$ | verifier ([`ReadWriteStatement::space_tag`]) |
//! | $io$, $v^{io}$ | $K$ | verifier ([`ReadWriteStatement::io_mask`], [`ReadWriteStatement::io_value`]) |
//!
//! Returned [`OpeningClaim`](crate::OpeningClaim)s, in order: `ReadWrite` `Address`, `ReadValue`, `ReadTimestamp`,
//! `WriteValue`, `Tag` at $r$; `FinalValue`, `FinalTimestamp` at $r_K$ (then `InitValue` at
//! $r_K$ when the initial memory is committed); for each chunk $j$
//! `RangeChunk(j)` `Address`, `ReadTimestamp` at $r$ and `FinalTimestamp` at $r_{16}$;
//! `ReadWrite` `FinalValue` at the output check's point $r'$.
//!
//! # Transcript schedule
//! The caller has appended every commitment above. Then:
//! 1. `append_u64` of $\log N$, $\log K$, $B$;
//! 2. $\gamma, \tau$;
//! 3. the batched grand product over (read, write, init, final) of the address space, then
//!    (read, write, init, final) of each range chunk;
//! 4. `append_scalars(OPENINGS, …)`: $a, v^r, t^r, v^w, g$ at $r$, $v^{fin}, t^{fin}, v^{init}$ at $r_K$, then
//!    per chunk $c_j(r)$, its read count at $r$, its final count at $r_{16}$;
//! 5. $r_{out}$ = `challenge_vector(OUTPUT_POINT, log K)`; the output sum-check (claim 0, degree 3);
//!    `append_scalar(OUTPUT_FINAL_VALUE, v^{fin}(r'))`.
//!
//! # Symbols
//! | paper | identifier |
//! |---|---|
//! | $a, v^r, t^r, v^w, t^w, g_s$ | [`ReadWriteWitness`] `addresses`, `read_values`, `read_timestamps`, `write_values`, `write_timestamps`, `access_tags` |
//! | $v^{init}, v^{fin}, t^{fin}, g_k$ | `init_values`, `final_values`, `final_timestamps`, `space_tags` |
//! | $io, v^{io}$ | `io_mask`, `io_values` |
//! | $B$, $L$ | `timestamp_bits`, [`num_chunks`] |
//! | $c_j$ | [`RangeCheckColumns::chunks`] |
//! | $r_{out}$, $r'$ | output check point, [`ReadWriteProof::output_sumcheck`]'s point |

mod proof;
mod prover;
mod verifier;

#[cfg(test)]
mod tests;

use math::{CompactPolynomial, Fr, MultilinearPolynomial, Transcript};

pub use proof::{ReadWriteOpenings, ReadWriteProof};
pub use prover::prove;
pub use verifier::verify;

use crate::error::check_sizes;
use crate::read_only::{AccessCounts, MemoryDims, access_counts};
use crate::{MemoryCheckingError, MemoryId};

/// Bits per range-check chunk: the range table has $2^{16}$ entries.
pub const CHUNK_BITS: usize = 16;

/// Transcript labels.
mod label {
    pub(super) const LOG_OPS: &[u8] = b"read_write_log_ops";
    pub(super) const LOG_MEMORY: &[u8] = b"read_write_log_memory";
    pub(super) const TIMESTAMP_BITS: &[u8] = b"read_write_timestamp_bits";
    pub(super) const OPENINGS: &[u8] = b"read_write_openings";
    pub(super) const OUTPUT_POINT: &[u8] = b"read_write_output_point";
    pub(super) const OUTPUT_FINAL_VALUE: &[u8] = b"read_write_output_final_value";
}

/// A verifier-side evaluator of a virtual multilinear polynomial at a point.
pub type VirtualEvaluator<'a> = &'a (dyn Fn(&[Fr]) -> Fr + Sync);

/// $L = \lceil B / 16 \rceil$, the number of 16-bit chunks for a `timestamp_bits`-bit bound.
pub fn num_chunks(timestamp_bits: usize) -> usize {
    timestamp_bits.div_ceil(CHUNK_BITS)
}

/// The prover's witness. Columns are borrowed: the caller keeps them to commit and open.
#[derive(Clone, Debug)]
pub struct ReadWriteWitness<'a> {
    /// $a$ ($N$ entries, values in $[0, K)$).
    pub addresses: &'a MultilinearPolynomial,
    /// $v^r$ ($N$).
    pub read_values: &'a MultilinearPolynomial,
    /// $t^r$ ($N$).
    pub read_timestamps: &'a MultilinearPolynomial,
    /// $v^w$ ($N$).
    pub write_values: &'a MultilinearPolynomial,
    /// $g_s$, the tag of the address each op touches ($N$).
    pub access_tags: &'a MultilinearPolynomial,
    /// $t^w$ ($N$; virtual: the verifier evaluates it itself).
    pub write_timestamps: &'a MultilinearPolynomial,
    /// $v^{init}$ ($K$; virtual, or committed when `init_committed`).
    pub init_values: &'a MultilinearPolynomial,
    /// Whether the caller committed to $v^{init}$ (a continuation shard after the first: its
    /// initial memory is the previous shard's committed final memory). Then the proof's
    /// $v^{init}(r_K)$ becomes an opening claim instead of a check against the verifier's
    /// evaluation.
    pub init_committed: bool,
    /// $g_k$, every address's tag ($K$; virtual).
    pub space_tags: &'a MultilinearPolynomial,
    /// $v^{fin}$ ($K$).
    pub final_values: &'a MultilinearPolynomial,
    /// $t^{fin}$ ($K$).
    pub final_timestamps: &'a MultilinearPolynomial,
    /// $io$, 1 on the I/O region and 0 elsewhere ($K$; virtual).
    pub io_mask: &'a MultilinearPolynomial,
    /// $v^{io}$, the public I/O on the I/O region ($K$; virtual). Off the region its values
    /// are arbitrary but must be the same polynomial the verifier evaluates (e.g. 0): the output
    /// sum-check ends in a check on the product of the extensions, not on hypercube values.
    pub io_values: &'a MultilinearPolynomial,
    /// The range check's columns.
    pub range: &'a RangeCheckColumns,
    /// $B$: the bound on $t^w - t^r - 1$ is $2^{16 \lceil B/16 \rceil}$.
    pub timestamp_bits: usize,
}

/// What the verifier knows (from its statement, never from the proof).
#[derive(Clone, Copy)]
pub struct ReadWriteStatement<'a> {
    /// $\log N$ (at least 1).
    pub log_ops: usize,
    /// $\log K$ (at least 1).
    pub log_memory: usize,
    /// $B$ (1..=64).
    pub timestamp_bits: usize,
    /// $\tilde t^w$ at a point of $\log N$ coordinates.
    pub write_timestamp: VirtualEvaluator<'a>,
    /// $\tilde v^{init}$ at a point of $\log K$ coordinates, when the initial memory is public;
    /// `None` when it is committed by the caller (see [`ReadWriteWitness::init_committed`]):
    /// the verifier then returns an `InitValue` opening claim at $r_K$ for the caller to
    /// discharge against that commitment.
    pub init_value: Option<VirtualEvaluator<'a>>,
    /// $\tilde g$, the addresses' tags, at a point of $\log K$ coordinates.
    pub space_tag: VirtualEvaluator<'a>,
    /// $\widetilde{io}$ at a point of $\log K$ coordinates.
    pub io_mask: VirtualEvaluator<'a>,
    /// $\tilde v^{io}$ at a point of $\log K$ coordinates.
    pub io_value: VirtualEvaluator<'a>,
}

impl core::fmt::Debug for ReadWriteStatement<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ReadWriteStatement")
            .field("log_ops", &self.log_ops)
            .field("log_memory", &self.log_memory)
            .field("timestamp_bits", &self.timestamp_bits)
            .finish_non_exhaustive()
    }
}

/// The range check's committed columns: for each chunk position $j < L$, the chunk column (the
/// lookup address into the range table), its read counts and the table's final counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeCheckColumns {
    /// $c_j$, $N$ entries each (`u16`).
    pub chunks: Vec<MultilinearPolynomial>,
    /// Read counts of the lookups of chunk $j$, $N$ entries each.
    pub read_counts: Vec<MultilinearPolynomial>,
    /// Final counts of the range table for chunk $j$, $2^{16}$ entries each.
    pub final_counts: Vec<MultilinearPolynomial>,
}

impl RangeCheckColumns {
    /// The honest columns for $t^w_s - t^r_s - 1$. Errors if a read is not strictly earlier
    /// than its write or the gap does not fit in $16L$ bits.
    pub fn compute(
        read_timestamps: &[u64],
        write_timestamps: &[u64],
        timestamp_bits: usize,
    ) -> Result<Self, MemoryCheckingError> {
        check_timestamp_bits(timestamp_bits)?;
        let l = num_chunks(timestamp_bits);
        let bound = 1u128 << (CHUNK_BITS * l);
        let mut chunks = vec![Vec::with_capacity(read_timestamps.len()); l];
        for (index, (r, w)) in read_timestamps.iter().zip(write_timestamps).enumerate() {
            let gap = w
                .checked_sub(*r)
                .and_then(|g| g.checked_sub(1))
                .filter(|g| u128::from(*g) < bound)
                .ok_or(MemoryCheckingError::OutOfRange {
                    index,
                    value: *r,
                    bound: *w,
                })?;
            for (j, column) in chunks.iter_mut().enumerate() {
                column.push((gap >> (CHUNK_BITS * j)) as u16);
            }
        }
        Ok(Self::from_chunks(chunks))
    }

    /// The columns for given chunk values (read and final counts computed honestly). A test or
    /// a cheating prover can pass any chunks; the verifier decides.
    pub fn from_chunks(chunks: Vec<Vec<u16>>) -> Self {
        let mut out = Self {
            chunks: Vec::with_capacity(chunks.len()),
            read_counts: Vec::with_capacity(chunks.len()),
            final_counts: Vec::with_capacity(chunks.len()),
        };
        for column in chunks {
            let AccessCounts {
                read_timestamps,
                final_timestamps,
            } = access_counts(&column, None, CHUNK_BITS)
                .expect("u16 chunks always fit the 2^16-entry range table");
            out.chunks.push(CompactPolynomial::new(column).into());
            out.read_counts
                .push(CompactPolynomial::new(read_timestamps).into());
            out.final_counts
                .push(CompactPolynomial::new(final_timestamps).into());
        }
        out
    }
}

/// What memory returns to a trace, computed honestly (the witness's read side).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replay {
    /// $v^r_s$: the value at $a_s$ before op $s$ writes.
    pub read_values: Vec<u32>,
    /// $t^r_s$: the write timestamp of the last op on $a_s$ before $s$ (0: init).
    pub read_timestamps: Vec<u64>,
    /// $v^w_s$: the written value ($v^r_s$ for a pure read).
    pub write_values: Vec<u32>,
    /// $v^{fin}$.
    pub final_values: Vec<u32>,
    /// $t^{fin}$: the last write timestamp per address (0: never accessed).
    pub final_timestamps: Vec<u64>,
}

impl Replay {
    /// Runs ops $s = 0, 1, \dots$ over `init`: op $s$ reads $a_s$, then writes `writes[s]`
    /// (`None`: a pure read, which writes back what it read). Write timestamps follow the
    /// documented scheme, $t^w_s = s + 1$ (op $s = 4c + j$ of cycle $c$). Errors on an address
    /// outside `init`.
    pub fn run(
        init: &[u32],
        addresses: &[u32],
        writes: &[Option<u32>],
    ) -> Result<Self, MemoryCheckingError> {
        let mut memory = init.to_vec();
        let mut last = vec![0u64; init.len()];
        let n = addresses.len();
        let mut out = Self {
            read_values: Vec::with_capacity(n),
            read_timestamps: Vec::with_capacity(n),
            write_values: Vec::with_capacity(n),
            final_values: Vec::new(),
            final_timestamps: Vec::new(),
        };
        for (s, (a, w)) in addresses.iter().zip(writes).enumerate() {
            let slot = usize::try_from(*a)
                .ok()
                .filter(|i| *i < memory.len())
                .ok_or(MemoryCheckingError::OutOfRange {
                    index: s,
                    value: u64::from(*a),
                    bound: memory.len() as u64,
                })?;
            let written = w.unwrap_or(memory[slot]);
            out.read_values.push(memory[slot]);
            out.read_timestamps.push(last[slot]);
            out.write_values.push(written);
            memory[slot] = written;
            last[slot] = s as u64 + 1;
        }
        out.final_values = memory;
        out.final_timestamps = last;
        Ok(out)
    }
}

/// $t^w_s = s + 1$ for $N$ ops: the documented scheme as a column (the prover's copy of the
/// virtual write timestamps).
pub fn write_timestamps(num_ops: usize) -> Vec<u64> {
    (1..=num_ops as u64).collect()
}

fn check_timestamp_bits(bits: usize) -> Result<(), MemoryCheckingError> {
    if (1..=64).contains(&bits) {
        Ok(())
    } else {
        Err(MemoryCheckingError::TimestampBits { bits })
    }
}

/// The sizes both sides agree on: the address space and the range memories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dims {
    log_ops: usize,
    log_memory: usize,
    timestamp_bits: usize,
}

impl Dims {
    fn check(&self) -> Result<(), MemoryCheckingError> {
        check_timestamp_bits(self.timestamp_bits)?;
        check_sizes(MemoryId::ReadWrite, &[self.log_ops, self.log_memory])
    }

    /// The address space as a memory of one value column (for its tree shapes).
    fn address_space(&self) -> MemoryDims {
        MemoryDims {
            log_reads: self.log_ops,
            log_size: self.log_memory,
            num_values: 1,
            toggled: false,
        }
    }

    /// One range memory: $N$ lookups into $2^{16}$ entries, no value column.
    fn range_memory(&self) -> MemoryDims {
        MemoryDims {
            log_reads: self.log_ops,
            log_size: CHUNK_BITS,
            num_values: 0,
            toggled: false,
        }
    }

    fn num_chunks(&self) -> usize {
        num_chunks(self.timestamp_bits)
    }

    fn tree_shapes(&self) -> Vec<crate::grand_product::TreeShape> {
        let mut shapes = self.address_space().tree_shapes().to_vec();
        for _ in 0..self.num_chunks() {
            shapes.extend(self.range_memory().tree_shapes());
        }
        shapes
    }

    fn absorb(&self, transcript: &mut Transcript) {
        transcript.append_u64(label::LOG_OPS, self.log_ops as u64);
        transcript.append_u64(label::LOG_MEMORY, self.log_memory as u64);
        transcript.append_u64(label::TIMESTAMP_BITS, self.timestamp_bits as u64);
    }
}

/// $\sum_j 2^{16j} c_j$ for chunk evaluations $c_j$.
fn recombine(chunks: impl Iterator<Item = Fr>) -> Fr {
    let base = Fr::from(1u64 << CHUNK_BITS);
    let mut weight = Fr::from(1u64);
    let mut acc = Fr::from(0u64);
    for c in chunks {
        acc += weight * c;
        weight *= base;
    }
    acc
}
