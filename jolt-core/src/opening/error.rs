//! [`OpeningError`]: every way the opening accumulator can refuse a proof or a call.

use math::SumcheckError;
use pcs::PcsError;
use thiserror::Error;

/// Why an accumulated opening proof was rejected, or why it could not be made.
///
/// Rejections (the proof is wrong) and misuse (the caller's inputs are inconsistent) are kept
/// apart; [`is_rejection`](Self::is_rejection) tells them apart. Every variant names the check
/// that failed, so tamper tests can assert the specific reason.
#[derive(Debug, Error)]
pub enum OpeningError {
    // ---- The proof is rejected. ----
    /// A proof vector has a different length than the claims imply (evaluations per group,
    /// evaluations per polynomial, opening proofs, sum-check rounds when nothing is reduced).
    #[error("opening proof shape: {what} has length {got}, expected {expected}")]
    ProofShape {
        /// Which part of the proof.
        what: &'static str,
        /// Length the verifier derives from the claims.
        expected: usize,
        /// Length the proof carries.
        got: usize,
    },
    /// The reducing sum-check is malformed (round count, degree of a round polynomial).
    #[error("point-reduction sum-check rejected: {0}")]
    Sumcheck(#[source] SumcheckError),
    /// The sent evaluations do not reproduce the sum-check's final claim: a claimed value is
    /// false, a round polynomial was forged, or a sent evaluation is wrong.
    #[error(
        "the sent evaluations do not reproduce the point-reduction sum-check's final claim \
         (a claimed value, a round polynomial or a sent evaluation is wrong)"
    )]
    FinalClaimMismatch,
    /// The commitment scheme rejected the batched opening of one size group.
    #[error("opening of the {num_vars}-variable polynomials rejected: {source}")]
    Pcs {
        /// The size group (number of variables) whose opening failed.
        num_vars: usize,
        /// What the commitment scheme reported.
        #[source]
        source: PcsError,
    },
    /// Two claims on the same polynomial at the same point disagree on the value. On the
    /// verifier's side the values come from earlier proof data, so this is a rejection: both
    /// cannot be right.
    #[error("polynomial {poly}: two claims at the same point disagree on the value")]
    ConflictingClaims {
        /// Index of the polynomial.
        poly: usize,
    },

    // ---- The caller misused the API. ----
    /// A claim names a polynomial that is not in the caller's list.
    #[error("a claim names polynomial {poly}, but only {count} polynomials were given")]
    UnknownPolynomial {
        /// The index the claim names.
        poly: usize,
        /// Number of polynomials (commitments) given.
        count: usize,
    },
    /// A claim's point does not have as many coordinates as its polynomial has variables.
    #[error(
        "a claim on polynomial {poly} has a {got}-coordinate point; it has {expected} variables"
    )]
    PointLength {
        /// Index of the polynomial.
        poly: usize,
        /// Its number of variables.
        expected: usize,
        /// Coordinates of the claim's point.
        got: usize,
    },
    /// The caller's lists disagree in length (polynomials, commitments, variable counts).
    #[error("{what}: {got} given, expected {expected}")]
    InputLength {
        /// Which list.
        what: &'static str,
        /// The length the other lists imply.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// The sum-check prover refused its input (a bug in this module, reported rather than
    /// panicking).
    #[error("point-reduction sum-check prover: {0}")]
    Prover(#[source] SumcheckError),
    /// The commitment scheme refused to open a size group (e.g. the key is too small).
    #[error("opening the {num_vars}-variable polynomials failed: {source}")]
    PcsProver {
        /// The size group (number of variables).
        num_vars: usize,
        /// What the commitment scheme reported.
        #[source]
        source: PcsError,
    },
}

impl OpeningError {
    /// True when the proof was rejected; false when the caller misused the API.
    ///
    /// A PCS error counts as a rejection only when the scheme itself says so (a verifier key
    /// too small for a group is misuse, not a wrong proof).
    pub fn is_rejection(&self) -> bool {
        match self {
            Self::ProofShape { .. } | Self::FinalClaimMismatch | Self::ConflictingClaims { .. } => {
                true
            }
            Self::Sumcheck(e) => e.is_rejection(),
            Self::Pcs { source, .. } => source.is_rejection(),
            Self::UnknownPolynomial { .. }
            | Self::PointLength { .. }
            | Self::InputLength { .. }
            | Self::Prover(_)
            | Self::PcsProver { .. } => false,
        }
    }
}
