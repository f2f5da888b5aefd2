//! Instruction lookups (Surge, Lasso ePrint 2023/1216 §4): every cycle's lookup output is
//! $g_k$ of the subtable values its query chunks read.
//!
//! # Relation
//! With lookup flags $f_k$ (bytecode columns: at most one set per cycle), the values $E_m$ that
//! Surge memory $m = (\text{subtable}, \text{chunk})$ returns, and the output column $o$:
//! $$ \sum_c \widetilde{eq}(r, c)\Big[\sum_k f_k(c)\, g_k\big(E_{m}(c)\big)_{m \in k} - o(c)\Big] = 0 $$
//! for a random $r$ — the **primary sum-check** (degree $1 + 1 + \max \deg g = 6$). Read-only
//! memory checking (batched with the bytecode's) proves each $E_m(c)$ is the subtable's entry
//! at the cycle's chunk: memory $m$'s tuple is (chunk index, high byte, low byte, $E_m$), toggled
//! by $\sum_{k \ni m} f_k$, and the verifier evaluates the table columns (index, $\lfloor i/256
//! \rfloor$, $i \bmod 256$, subtable MLE) itself. Because the high and low bytes of every chunk
//! are table columns, each is range-checked as a **byte** — R1CS packs the operands from them
//! (a 16-bit range check of the chunk alone would let a carry move between the bytes).
//!
//! The memory's read address is not committed: its claim must equal $256 \cdot hi + lo$ at the
//! same point, which the verifier checks from the byte claims. Its toggle is not committed
//! either: its claim must equal the sum of the lookup flags that use it.

use instruction_tables::{Lookup, LookupInstruction, Subtable, SubtableKind};
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

/// Which (subtable, chunk) memories exist and which lookups read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurgeLayout {
    /// The memories, in `instruction_tables::memories()` order.
    pub memories: Vec<(SubtableKind, usize)>,
    /// Per lookup (`Lookup as usize`): its memories in `subtables()` (collation) order.
    pub uses: Vec<Vec<usize>>,
    /// Per memory: the lookups that read it.
    pub users: Vec<Vec<Lookup>>,
}

impl SurgeLayout {
    /// The layout of `instruction_tables`'s lookups.
    pub fn new() -> Self {
        let memories = instruction_tables::memories();
        let mut uses = vec![Vec::new(); Lookup::COUNT];
        let mut users = vec![Vec::new(); memories.len()];
        for l in Lookup::iter() {
            for pair in l.subtables() {
                let m = memories
                    .iter()
                    .position(|x| x == pair)
                    .expect("memories() lists every (subtable, chunk) pair");
                uses[l as usize].push(m);
                users[m].push(l);
            }
        }
        Self {
            memories,
            uses,
            users,
        }
    }

    /// $\max_k \deg g_k$.
    pub fn max_g_degree(&self) -> usize {
        Lookup::iter().map(|l| l.g_degree()).max().unwrap_or(1)
    }

    /// The verifier's table columns of memory `m` at a point of 16 coordinates:
    /// [high byte, low byte, subtable value].
    pub fn table_values(&self, m: usize, point: &[Fr]) -> Vec<Fr> {
        let (subtable, _) = self.memories[m];
        let (hi, lo) = point.split_at(instruction_tables::LOG_M / 2);
        vec![
            weighted_bits(hi),
            weighted_bits(lo),
            subtable.evaluate_mle(point),
        ]
    }

    /// The polynomials of the primary sum-check, in order: lookup flags, memory values, output.
    pub fn primary_columns(&self) -> Vec<Column> {
        let mut out: Vec<Column> = Lookup::iter().map(Column::LookupFlag).collect();
        out.extend((0..self.memories.len()).map(Column::SubtableValue));
        out.push(Column::Output);
        out
    }

    /// $\sum_k f_k\, g_k(E) - o$ from values in [`primary_columns`](Self::primary_columns) order.
    pub fn combine(&self, values: &[Fr]) -> Fr {
        let lookups = Lookup::COUNT;
        let m = self.memories.len();
        let mut acc = -values[lookups + m];
        let mut buffer = [Fr::from_u8(0); MAX_READS];
        for (k, l) in Lookup::iter().enumerate() {
            let flag = values[k];
            if flag == Fr::from_u8(0) {
                continue;
            }
            let uses = &self.uses[k];
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
