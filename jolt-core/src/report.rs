//! Where the costs are paid: what the prover commits to, per component, and what each
//! component adds to the proof.
//!
//! The lookup-singularity argument is about *committed* data: Lasso commits to small values
//! (chunks, counts, flags), and a multi-scalar multiplication over $b$-bit scalars costs
//! about $b/254$ of one over full field elements. So this module counts, for one proof:
//!
//! - **elements**: committed field elements (polynomial evaluations), per component;
//! - **bits**: for each polynomial, its length times the bit width of its largest value
//!   (what a small-scalar MSM pays for), summed per component.
//!
//! Divided by the padded trace length $T$ these are the per-cycle figures the Lasso and Jolt
//! papers quote. Polynomials whose length does not grow with $T$ (the $2^{16}$-entry subtable
//! and range-table counts, the bytecode counts, the final memory) are amortised over $T$ and
//! reported apart, so the per-cycle figure of a long run is read off the "per cycle" rows.

use ark_ff::Zero as _;
use ark_serialize::{CanonicalSerialize, Compress};
use math::{MultilinearPolynomial, SmallValue};
use pcs::CommitmentScheme;

use crate::columns::Column;
use crate::polys::{PolyLayout, Polys};
use crate::preprocessing::ProgramPreprocessing;
use crate::proof::JoltProof;
use crate::witness::Witness;

/// The components committed polynomials are charged to.
pub const COMPONENTS: [&str; 6] = [
    "bytecode",
    "registers + RAM",
    "instruction lookups",
    "R1CS auxiliaries",
    "timestamp range check",
    "final state and counts",
];

/// What one component commits to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommittedGroup {
    /// The component (one of [`COMPONENTS`]).
    pub component: &'static str,
    /// Whether the polynomials' length grows with the trace ($T$ or $4T$).
    pub per_cycle: bool,
    /// Number of committed polynomials.
    pub polys: usize,
    /// Committed field elements.
    pub elements: u64,
    /// Of those, the non-zero ones (a zero costs nothing in an MSM: the sparse view of a
    /// column such as a lookup flag or a memory's read count).
    pub nonzero: u64,
    /// $\sum$ length × bit width of the largest value.
    pub bits: u64,
}

/// The committed data of one proof, by component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommittedReport {
    /// $\log_2 T$.
    pub log_cycles: usize,
    /// Bytecode rows executed before padding (virtual-sequence rows included); 0 when
    /// unknown (a report built from a witness alone).
    pub executed_rows: usize,
    /// Per component and per-cycle/fixed kind, in [`COMPONENTS`] order.
    pub groups: Vec<CommittedGroup>,
}

impl CommittedReport {
    /// Counts what the prover commits to for `witness`.
    pub fn new(shared: &ProgramPreprocessing, witness: &Witness) -> Self {
        let layout = PolyLayout::new(shared, witness.log_cycles);
        let polys = Polys::from_witness(witness).refs();
        let columns = shared.index.columns();
        let mut groups: Vec<CommittedGroup> = Vec::new();
        for (i, poly) in polys.iter().enumerate() {
            let (component, per_cycle) = if i < layout.columns {
                (column_component(columns[i]), true)
            } else if i < layout.bytecode_final() {
                ("timestamp range check", true)
            } else {
                ("final state and counts", false)
            };
            let entry = match groups
                .iter_mut()
                .find(|g| g.component == component && g.per_cycle == per_cycle)
            {
                Some(g) => g,
                None => {
                    groups.push(CommittedGroup {
                        component,
                        per_cycle,
                        polys: 0,
                        elements: 0,
                        nonzero: 0,
                        bits: 0,
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            entry.polys += 1;
            entry.elements += poly.len() as u64;
            entry.nonzero += nonzero(poly);
            entry.bits += poly.len() as u64 * u64::from(bit_width(poly));
        }
        groups.sort_by_key(|g| {
            (
                !g.per_cycle,
                COMPONENTS.iter().position(|c| *c == g.component),
            )
        });
        Self {
            log_cycles: witness.log_cycles,
            executed_rows: 0,
            groups,
        }
    }

    /// Padded trace length $T$.
    pub fn cycles(&self) -> u64 {
        1 << self.log_cycles
    }

    /// Committed polynomials in all.
    pub fn polys(&self) -> usize {
        self.groups.iter().map(|g| g.polys).sum()
    }

    /// Committed elements per cycle from the polynomials that grow with $T$.
    pub fn elements_per_cycle(&self) -> f64 {
        self.per_cycle_sum(|g| g.elements)
    }

    /// Non-zero committed elements per cycle from the polynomials that grow with $T$.
    pub fn nonzero_per_cycle(&self) -> f64 {
        self.per_cycle_sum(|g| g.nonzero)
    }

    /// Committed bits per cycle from the polynomials that grow with $T$.
    pub fn bits_per_cycle(&self) -> f64 {
        self.per_cycle_sum(|g| g.bits)
    }

    /// Committed elements of every polynomial, divided by $T$ (fixed-size ones amortised).
    pub fn amortised_elements_per_cycle(&self) -> f64 {
        self.groups.iter().map(|g| g.elements).sum::<u64>() as f64 / self.cycles() as f64
    }

    /// Committed bits of every polynomial, divided by $T$.
    pub fn amortised_bits_per_cycle(&self) -> f64 {
        self.groups.iter().map(|g| g.bits).sum::<u64>() as f64 / self.cycles() as f64
    }

    fn per_cycle_sum(&self, f: impl Fn(&CommittedGroup) -> u64) -> f64 {
        self.groups
            .iter()
            .filter(|g| g.per_cycle)
            .map(f)
            .sum::<u64>() as f64
            / self.cycles() as f64
    }

    /// A Markdown table: one row per group, then the totals.
    pub fn to_markdown(&self) -> String {
        let t = self.cycles() as f64;
        let mut out = format!(
            "Committed data at T = 2^{} cycles ({} executed)\n\n\
             | component | grows with T | polys | elements | elements / cycle | non-zero / cycle | bits / cycle |\n\
             |---|---|---:|---:|---:|---:|---:|\n",
            self.log_cycles, self.executed_rows
        );
        for g in &self.groups {
            out += &format!(
                "| {} | {} | {} | {} | {:.1} | {:.1} | {:.1} |\n",
                g.component,
                if g.per_cycle { "yes" } else { "no (amortised)" },
                g.polys,
                g.elements,
                g.elements as f64 / t,
                g.nonzero as f64 / t,
                g.bits as f64 / t
            );
        }
        out += &format!(
            "| **per cycle (growing with T)** | | | | **{:.1}** | **{:.1}** | **{:.1}** |\n\
             | all, amortised over T | | {} | | {:.1} | | {:.1} |\n",
            self.elements_per_cycle(),
            self.nonzero_per_cycle(),
            self.bits_per_cycle(),
            self.polys(),
            self.amortised_elements_per_cycle(),
            self.amortised_bits_per_cycle()
        );
        out
    }
}

/// The component a trace column is charged to.
pub fn column_component(column: Column) -> &'static str {
    match column {
        Column::Row
        | Column::Pc
        | Column::Rd
        | Column::Rs1
        | Column::Rs2
        | Column::Imm
        | Column::Flag(_)
        | Column::LookupFlag(_)
        | Column::BytecodeReadCount => "bytecode",
        Column::Rs1Value
        | Column::Rs2Value
        | Column::RdBefore
        | Column::RdAfter
        | Column::RamAddress
        | Column::RamBefore
        | Column::RamAfter
        | Column::RamReadOnly
        | Column::ReadTimestamp(_) => "registers + RAM",
        Column::X
        | Column::Y
        | Column::Output
        | Column::ChunkHigh(_)
        | Column::ChunkLow(_)
        | Column::SubtableValue(_)
        | Column::SubtableReadCount(_) => "instruction lookups",
        Column::BranchTaken | Column::Product => "R1CS auxiliaries",
    }
}

/// Number of non-zero evaluations.
pub fn nonzero(poly: &MultilinearPolynomial) -> u64 {
    fn count<T: SmallValue>(values: &[T]) -> u64 {
        values.iter().filter(|v| v.to_u64() != 0).count() as u64
    }
    match poly {
        MultilinearPolynomial::Dense(p) => p.evals().iter().filter(|v| !v.is_zero()).count() as u64,
        MultilinearPolynomial::Bool(p) => count(p.coeffs()),
        MultilinearPolynomial::U8(p) => count(p.coeffs()),
        MultilinearPolynomial::U16(p) => count(p.coeffs()),
        MultilinearPolynomial::U32(p) => count(p.coeffs()),
        MultilinearPolynomial::U64(p) => count(p.coeffs()),
    }
}

/// Bits of the largest value (254 for a dense polynomial: full field elements).
pub fn bit_width(poly: &MultilinearPolynomial) -> u32 {
    fn max_bits<T: SmallValue>(values: &[T]) -> u32 {
        values
            .iter()
            .map(|v| 64 - v.to_u64().leading_zeros())
            .max()
            .unwrap_or(0)
    }
    match poly {
        MultilinearPolynomial::Dense(_) => 254,
        MultilinearPolynomial::Bool(p) => max_bits(p.coeffs()),
        MultilinearPolynomial::U8(p) => max_bits(p.coeffs()),
        MultilinearPolynomial::U16(p) => max_bits(p.coeffs()),
        MultilinearPolynomial::U32(p) => max_bits(p.coeffs()),
        MultilinearPolynomial::U64(p) => max_bits(p.coeffs()),
    }
}

/// Compressed size in bytes of each part of a proof, in proof order (they sum to
/// [`JoltProof::size_in_bytes`]).
pub fn proof_sizes<C: CommitmentScheme>(proof: &JoltProof<C>) -> Vec<(&'static str, usize)> {
    vec![
        (
            "trace length",
            proof.log_cycles.serialized_size(Compress::Yes),
        ),
        (
            "commitments",
            proof.commitments.serialized_size(Compress::Yes),
        ),
        (
            "bytecode + lookup memories (read-only checking)",
            proof.read_only.serialized_size(Compress::Yes),
        ),
        (
            "registers + RAM (read-write checking)",
            proof.read_write.serialized_size(Compress::Yes)
                + proof.slot_evaluations.serialized_size(Compress::Yes),
        ),
        (
            "instruction lookups (primary sum-check)",
            proof.primary.serialized_size(Compress::Yes),
        ),
        ("R1CS (Spartan)", proof.r1cs.serialized_size(Compress::Yes)),
        ("opening", proof.opening.serialized_size(Compress::Yes)),
    ]
}
