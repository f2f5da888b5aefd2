//! The R1CS module's one error enum: rejections of a proof, an unsatisfied witness (the debug
//! check), and misuse by the caller, kept apart.

use math::{Fr, SumcheckError};
use thiserror::Error;

/// Why an R1CS proof was rejected, why a witness does not satisfy the constraints, or why a
/// call could not be made.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum R1csError {
    // ---- The proof is rejected. ----
    /// A vector of the proof has a different length than the verifier's own key implies.
    #[error("proof shape: {what} has length {got}, expected {expected}")]
    ProofShape {
        /// Which part of the proof.
        what: &'static str,
        /// Length the key and $\log T$ imply.
        expected: usize,
        /// Length the proof carries.
        got: usize,
    },
    /// A sum-check proof is malformed (round count, degree).
    #[error("{stage} sum-check rejected: {source}")]
    Sumcheck {
        /// `"zero-check"` or `"shift"`.
        stage: &'static str,
        /// What the sum-check verifier found.
        #[source]
        source: SumcheckError,
    },
    /// The zero-check's final claim is not $\widetilde{eq}(\tau, r) \cdot G(\text{evaluations})$:
    /// some constraint fails at some cycle, or the proof was forged.
    #[error(
        "zero-check final claim does not match eq(tau, r)·G(column evaluations): a constraint fails or the proof is forged"
    )]
    FinalClaimMismatch,
    /// The shift sum-check's final claim is not $S(r, r') \sum_i \mu^i z_i(r')$: the claimed
    /// next-cycle evaluations are not the shifted columns' evaluations.
    #[error("shift sum-check final claim does not match S(r, r')·Σ μ^i z_i(r')")]
    ShiftClaimMismatch,

    // ---- The witness does not satisfy the constraints (debug check). ----
    /// A constraint fails at some cycle (boxed: the values make it large).
    #[error("{0}")]
    Unsatisfied(Box<UnsatisfiedConstraint>),

    // ---- The caller misused the API. ----
    /// A term names a column the system does not have.
    #[error("constraint `{constraint}` uses column {column}, but the system has {num_columns}")]
    BadColumnIndex {
        /// The constraint's name.
        constraint: &'static str,
        /// The offending column index.
        column: usize,
        /// Number of columns of the system.
        num_columns: usize,
    },
    /// A term names a public constant the system does not have.
    #[error(
        "constraint `{constraint}` uses constant {constant}, but the system has {num_constants}"
    )]
    BadConstantIndex {
        /// The constraint's name.
        constraint: &'static str,
        /// The offending constant index.
        constant: usize,
        /// Number of public constants of the system.
        num_constants: usize,
    },
    /// No constraint mentions a witness column (`Column` or `Next`): there is nothing to prove
    /// and no column fixes the number of cycles.
    #[error("the constraint system mentions no witness column")]
    NoWitnessTerms,
    /// The witness has a different number of columns than the system.
    #[error("{got} witness columns supplied, the system has {expected}")]
    ColumnCount {
        /// Columns of the system.
        expected: usize,
        /// Columns supplied.
        got: usize,
    },
    /// A witness column's length differs from the first column's.
    #[error("witness column {column} has {got} entries, expected {expected} (one per cycle)")]
    ColumnLength {
        /// The column index.
        column: usize,
        /// Number of cycles $T$ (the first column's length).
        expected: usize,
        /// The column's length.
        got: usize,
    },
    /// Fewer than two cycles: $\log T = 0$ leaves no variable to sum over.
    #[error("a trace needs at least 2 cycles (log_cycles ≥ 1), got log_cycles = 0")]
    TooFewCycles,
    /// A different number of public constants than the system declares.
    #[error("{got} public constants supplied, the system declares {expected}")]
    ConstantCount {
        /// Constants the system declares.
        expected: usize,
        /// Constants supplied.
        got: usize,
    },
}

impl R1csError {
    /// True when a proof was rejected; false for an unsatisfied witness or caller misuse.
    pub fn is_rejection(&self) -> bool {
        match self {
            R1csError::ProofShape { .. }
            | R1csError::FinalClaimMismatch
            | R1csError::ShiftClaimMismatch => true,
            R1csError::Sumcheck { source, .. } => source.is_rejection(),
            R1csError::Unsatisfied(_)
            | R1csError::BadColumnIndex { .. }
            | R1csError::BadConstantIndex { .. }
            | R1csError::NoWitnessTerms
            | R1csError::ColumnCount { .. }
            | R1csError::ColumnLength { .. }
            | R1csError::TooFewCycles
            | R1csError::ConstantCount { .. } => false,
        }
    }
}

/// Where the debug check found the first failure, with the values of the three sides.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("constraint {index} `{constraint}` fails at cycle {cycle}: {a} · {b} ≠ {c}")]
pub struct UnsatisfiedConstraint {
    /// The constraint's name.
    pub constraint: &'static str,
    /// The constraint's position in the system.
    pub index: usize,
    /// The first failing cycle.
    pub cycle: usize,
    /// $(A z)(c)$.
    pub a: Fr,
    /// $(B z)(c)$.
    pub b: Fr,
    /// $(C z)(c)$.
    pub c: Fr,
}
