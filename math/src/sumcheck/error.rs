//! Sum-check errors: rejections of a proof, and misuse by the caller, kept apart.

use thiserror::Error;

/// Why a sum-check was rejected, or why it could not be run.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SumcheckError {
    // ---- The proof is rejected. ----
    /// The proof carries a different number of round polynomials than the statement needs.
    #[error("sum-check proof has {got} round polynomials, the statement needs {expected}")]
    RoundCountMismatch {
        /// Rounds the statement needs.
        expected: usize,
        /// Rounds the proof carries.
        got: usize,
    },
    /// A round polynomial has a different degree than the statement needs.
    #[error(
        "sum-check round {round} polynomial has degree {got}, the statement needs exactly {expected}"
    )]
    DegreeMismatch {
        /// Zero-based round index.
        round: usize,
        /// Degree the statement needs.
        expected: usize,
        /// Degree the proof sent.
        got: usize,
    },
    /// The reduced claim does not match the evaluations supplied by the caller (from openings
    /// or the verifier's own computation): the claimed sum is false or a round was forged.
    #[error("sum-check final claim does not match the evaluations of the summed polynomial")]
    FinalEvaluationMismatch,

    // ---- The caller misused the API. ----
    /// A batch with no instances.
    #[error("sum-check batch is empty: pass at least one instance")]
    EmptyBatch,
    /// An instance over zero variables: there is nothing to reduce, and accepting an empty proof
    /// for it would let a shape bug pass silently.
    #[error(
        "sum-check instance {instance} has zero rounds; a sum over no variables is a plain equality, check it directly"
    )]
    ZeroRounds {
        /// Index of the instance in the batch.
        instance: usize,
    },
    /// An instance whose degree is 0 or above [`MAX_DEGREE`](super::MAX_DEGREE).
    #[error("sum-check instance {instance} has degree {degree}; supported degrees are 1..={max}")]
    UnsupportedDegree {
        /// Index of the instance in the batch.
        instance: usize,
        /// The requested degree.
        degree: usize,
        /// The largest supported degree.
        max: usize,
    },
    /// [`SumcheckReduction::discharge`](super::SumcheckReduction::discharge) was given a
    /// different number of evaluations than there are instances.
    #[error("{got} final evaluations supplied for a batch of {expected} sum-check instances")]
    EvaluationCountMismatch {
        /// Number of instances.
        expected: usize,
        /// Number of evaluations supplied.
        got: usize,
    },
}

impl SumcheckError {
    /// True when the proof was rejected; false when the caller misused the API.
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            SumcheckError::RoundCountMismatch { .. }
                | SumcheckError::DegreeMismatch { .. }
                | SumcheckError::FinalEvaluationMismatch
        )
    }
}
