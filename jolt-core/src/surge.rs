//! Instruction lookups (Surge, Lasso ePrint 2023/1216 §4): every cycle's lookup output is
//! $g_k$ of the subtable values its query chunks read.
//!
//! # Relation
//! With lookup flags $f_k$ (bytecode columns: at most one set per cycle), the values $E_m$ that
//! lookup memory $m$ returns, and the output column $o$:
//! $$ \sum_c \widetilde{eq}(r, c)\Big[\sum_k f_k(c)\, g_k\big(E_{m}(c)\big)_{m \in k} - o(c)\Big] = 0 $$
//! for a random $r$ — the **primary sum-check** (degree $1 + 1 + \max \deg g \le 6$). The sum
//! runs over the lookups the program's bytecode performs: any other lookup's flag is 0 in
//! every bytecode row, so bytecode memory checking makes it 0 in every cycle.
//!
//! # Memories
//! A memory is one *slot* of one chunk ([`instruction_tables::MemoryPlan`]): the subtables
//! that lookups read through that slot, stacked, $T_m[\sigma 2^{16} + j] =
//! \text{subtable}_{m,\sigma}\[j\]$. Lookup $k$ reads its subtables of chunk $i$ through
//! distinct slots of chunk $i$, each at the fixed id $\sigma_{k,m}$. So a cycle's reads touch
//! at most 12 memories (RV32IM's full set; a program's set of lookups often needs fewer, and
//! smaller ones), where one memory per (subtable, chunk) pair needed 57, each with a read
//! column, a read-count column and two grand-product leaves per cycle.
//!
//! Read-only memory checking (batched with the bytecode's) proves each $E_m(c)$ is the table's
//! entry at the cycle's address: memory $m$'s tuple is (address, high byte, low byte, $E_m$),
//! toggled by $\sum_{k \ni m} f_k$, and the verifier evaluates the table columns (index, the
//! index's two low bytes, the stacked subtables' MLE) itself. Because the high and low bytes of
//! every chunk are table columns, each is range-checked as a **byte** — R1CS packs the operands
//! from them (a 16-bit range check of the chunk alone would let a carry move between the bytes).
//!
//! The read address is not committed: its claim must equal
//! $2^{16} \sum_{k \ni m} \sigma_{k,m} f_k + 256 \cdot hi + lo$ at the same point, which the
//! verifier checks from the flag and byte claims — so a read cannot pick another subtable of
//! its memory. The toggle is not committed either: its claim must equal the sum of the lookup
//! flags that use the memory.

use instruction_tables::{Lookup, LookupInstruction, LookupMemory, MemoryPlan};
use math::{EqCombinationSumcheck, FieldExt, Fr, MultilinearPolynomial, SumcheckProof, Transcript};
use strum::{EnumCount, IntoEnumIterator};

use crate::columns::{Column, ColumnIndex};
use crate::error::{ProveError, VerifyError};

/// Most subtable reads of any lookup (a stack buffer for the collation).
const MAX_READS: usize = 16;

/// Transcript labels.
mod label {
    pub(super) const POINT: &[u8] = b"surge_primary_point";
    pub(super) const EVALUATIONS: &[u8] = b"surge_primary_evaluations";
}

/// The lookup memories ([`instruction_tables::MemoryPlan`]: the subtables of one chunk stacked
/// in slots) and which lookups read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurgeLayout {
    /// The lookups the program's bytecode performs (the others' flags are zero on every row:
    /// they never read and drop out of the collation).
    pub lookups: Vec<Lookup>,
    /// The memories, by chunk, then slot.
    pub memories: Vec<LookupMemory>,
    /// Per lookup (`Lookup as usize`): its memories in `subtables()` (collation) order.
    pub uses: Vec<Vec<usize>>,
    /// Per lookup, in the same order: the subtable id it reads in that memory.
    pub sids: Vec<Vec<u32>>,
    /// Per memory: the lookups that read it, with the subtable id each reads.
    pub users: Vec<Vec<(Lookup, u32)>>,
}

impl SurgeLayout {
    /// The layout for every lookup of `instruction_tables`.
    pub fn new() -> Self {
        Self::for_lookups(&Lookup::iter().collect::<Vec<_>>())
    }

    /// The layout for a program whose bytecode performs the lookups `lookups`.
    pub fn for_lookups(lookups: &[Lookup]) -> Self {
        let plan = MemoryPlan::for_lookups(lookups);
        let mut lookups = lookups.to_vec();
        lookups.sort();
        lookups.dedup();
        let mut uses = vec![Vec::new(); Lookup::COUNT];
        let mut sids = vec![Vec::new(); Lookup::COUNT];
        let mut users = vec![Vec::new(); plan.memories.len()];
        for l in Lookup::iter() {
            for &(m, sid) in plan.reads(l) {
                uses[l as usize].push(m);
                sids[l as usize].push(sid);
                users[m].push((l, sid));
            }
        }
        Self {
            lookups,
            memories: plan.memories,
            uses,
            sids,
            users,
        }
    }

    /// The read address of lookup `l`'s `j`-th read at chunk index `chunk`.
    pub fn address(&self, l: Lookup, j: usize, chunk: u16) -> u32 {
        LookupMemory::address(self.sids[l as usize][j], chunk)
    }

    /// $\max_k \deg g_k$.
    pub fn max_g_degree(&self) -> usize {
        self.lookups.iter().map(|l| l.g_degree()).max().unwrap_or(1)
    }

    /// The verifier's table columns of memory `m` at a point of its `log_size()` coordinates
    /// (subtable id bits, then the 16 index bits): [high byte, low byte, table value].
    pub fn table_values(&self, m: usize, point: &[Fr]) -> Vec<Fr> {
        let memory = &self.memories[m];
        let index = &point[memory.log_tables()..];
        let (hi, lo) = index.split_at(instruction_tables::LOG_M / 2);
        vec![
            weighted_bits(hi),
            weighted_bits(lo),
            memory.evaluate_mle(point),
        ]
    }

    /// The polynomials of the primary sum-check, in order: lookup flags, memory values, output.
    pub fn primary_columns(&self) -> Vec<Column> {
        let mut out: Vec<Column> = self
            .lookups
            .iter()
            .map(|l| Column::LookupFlag(*l))
            .collect();
        out.extend((0..self.memories.len()).map(Column::SubtableValue));
        out.push(Column::Output);
        out
    }

    /// $\sum_k f_k\, g_k(E) - o$ from values in [`primary_columns`](Self::primary_columns) order.
    pub fn combine(&self, values: &[Fr]) -> Fr {
        let lookups = self.lookups.len();
        let m = self.memories.len();
        let mut acc = -values[lookups + m];
        let mut buffer = [Fr::from_u8(0); MAX_READS];
        for (k, l) in self.lookups.iter().enumerate() {
            let flag = values[k];
            if flag == Fr::from_u8(0) {
                continue;
            }
            let uses = &self.uses[*l as usize];
            for (slot, memory) in buffer.iter_mut().zip(uses) {
                *slot = values[lookups + memory];
            }
            acc += flag * l.collate(&buffer[..uses.len()]);
        }
        acc
    }
}

impl Default for SurgeLayout {
    fn default() -> Self {
        Self::new()
    }
}

/// $\sum_j 2^{b-1-j} r_j$: the MLE of a big-endian integer's bits.
fn weighted_bits(bits: &[Fr]) -> Fr {
    let mut acc = Fr::from_u8(0);
    for b in bits {
        acc = acc + acc + b;
    }
    acc
}

/// "Column `c` evaluates to `v` at `point`", as the components hand claims over.
pub type ColumnClaims = Vec<(Column, Vec<Fr>, Fr)>;

/// The primary sum-check's proof part.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    ark_serialize::CanonicalSerialize,
    ark_serialize::CanonicalDeserialize,
)]
pub struct PrimaryProof {
    /// The sum-check.
    pub sumcheck: SumcheckProof,
    /// The primary columns at the sum-check's point.
    pub evaluations: Vec<Fr>,
}

/// Proves the primary sum-check; returns the proof and the claims (column, point, value).
pub fn prove_primary(
    layout: &SurgeLayout,
    index: &ColumnIndex,
    columns: &[MultilinearPolynomial],
    log_cycles: usize,
    transcript: &mut Transcript,
) -> Result<(PrimaryProof, ColumnClaims), ProveError> {
    let _span = tracing::info_span!("surge_primary").entered();
    let tau = transcript.challenge_vector(label::POINT, log_cycles);
    let cols = layout.primary_columns();
    let polys: Vec<MultilinearPolynomial> =
        cols.iter().map(|c| columns[index.of(*c)].clone()).collect();
    let combine = |v: &[Fr]| layout.combine(v);
    let mut instance = EqCombinationSumcheck::new(
        tau,
        polys,
        layout.max_g_degree() + 1,
        combine,
        Fr::from_u8(0),
    );
    let (sumcheck, point) = math::sumcheck::prove(&mut instance, transcript)?;
    let evaluations = math::SumcheckInstance::final_evaluations(&instance);
    transcript.append_scalars(label::EVALUATIONS, &evaluations);
    let claims = cols
        .iter()
        .zip(&evaluations)
        .map(|(c, v)| (*c, point.clone(), *v))
        .collect();
    Ok((
        PrimaryProof {
            sumcheck,
            evaluations,
        },
        claims,
    ))
}

/// Verifies the primary sum-check; returns the claims to discharge.
pub fn verify_primary(
    layout: &SurgeLayout,
    proof: &PrimaryProof,
    log_cycles: usize,
    transcript: &mut Transcript,
) -> Result<ColumnClaims, VerifyError> {
    let tau = transcript.challenge_vector(label::POINT, log_cycles);
    let cols = layout.primary_columns();
    if proof.evaluations.len() != cols.len() {
        return Err(VerifyError::ProofShape {
            what: "primary evaluations",
            expected: cols.len(),
            got: proof.evaluations.len(),
        });
    }
    let statement = math::SumcheckStatement {
        claimed_sum: Fr::from_u8(0),
        num_rounds: log_cycles,
        degree: layout.max_g_degree() + 2,
    };
    let reduction = math::sumcheck::verify(&proof.sumcheck, statement, transcript)
        .map_err(VerifyError::PrimarySumcheck)?;
    let eq = math::EqPolynomial::new(tau).evaluate(&reduction.point);
    let expected = eq * layout.combine(&proof.evaluations);
    reduction
        .discharge(&[expected])
        .map_err(|_| VerifyError::PrimaryFinalClaim)?;
    transcript.append_scalars(label::EVALUATIONS, &proof.evaluations);
    Ok(cols
        .iter()
        .zip(&proof.evaluations)
        .map(|(c, v)| (*c, reduction.point.clone(), *v))
        .collect())
}
