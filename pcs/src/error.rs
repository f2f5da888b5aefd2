//! [`PcsError`]: every way a setup, commitment or opening can be refused.

use ark_serialize::SerializationError;

/// Why a commitment-scheme operation failed.
///
/// Verifiers return these instead of panicking on any input. Each rejection of an opening names
/// the check that failed, so tamper tests can assert the *specific* reason
/// ([`PcsError::is_rejection`] groups the ones that mean "the proof is wrong").
#[derive(Debug, thiserror::Error)]
pub enum PcsError {
    /// The polynomial or point has more variables than the setup supports.
    #[error(
        "{num_vars} variables exceed the setup's maximum of {max_num_vars}; run setup with a larger \
         `max_num_vars` (and, for Zeromorph, an SRS with at least 2^{num_vars} powers)"
    )]
    TooManyVariables {
        /// Variables requested.
        num_vars: usize,
        /// Variables the setup supports.
        max_num_vars: usize,
    },
    /// A setup was asked for more variables than this implementation allows.
    #[error("a setup for {requested} variables is unsupported; the limit is {limit}")]
    SetupTooLarge {
        /// Variables requested.
        requested: usize,
        /// The hard limit.
        limit: usize,
    },
    /// The KZG SRS has fewer G1 powers than the setup needs.
    #[error(
        "the SRS has {available} G1 powers but {needed} are needed for {max_num_vars} variables; \
         use a larger SRS"
    )]
    SrsTooSmall {
        /// Powers needed, $2^n$.
        needed: usize,
        /// Powers present.
        available: usize,
        /// The requested number of variables.
        max_num_vars: usize,
    },
    /// A KZG SRS or a commitment key failed validation (identity generator, inconsistent powers).
    #[error("invalid setup: {0}")]
    InvalidSetup(&'static str),
    /// A batch has no polynomials.
    #[error("a batched opening needs at least one polynomial")]
    EmptyBatch,
    /// The lists of a batch (polynomials, commitments, evaluations) differ in length.
    #[error(
        "batch lists differ in length: {polynomials} polynomials, {commitments} commitments, \
         {evaluations} evaluations"
    )]
    BatchLengthMismatch {
        /// Polynomials given (the verifier passes the commitment count).
        polynomials: usize,
        /// Commitments given.
        commitments: usize,
        /// Evaluations given.
        evaluations: usize,
    },
    /// A polynomial does not have as many variables as the opening point has coordinates.
    #[error(
        "polynomial {index} has {num_vars} variables but the point has {point_len} coordinates"
    )]
    PointLengthMismatch {
        /// Position of the polynomial in the batch.
        index: usize,
        /// Its number of variables.
        num_vars: usize,
        /// Coordinates of the point.
        point_len: usize,
    },
    /// A commitment does not have the shape the opening point implies.
    #[error(
        "commitment {index} has {got} group elements; a {num_vars}-variable one has {expected}"
    )]
    CommitmentShape {
        /// Position of the commitment in the batch.
        index: usize,
        /// Number of variables implied by the point.
        num_vars: usize,
        /// Group elements expected.
        expected: usize,
        /// Group elements present.
        got: usize,
    },
    /// An opening proof does not have the shape the opening point implies.
    #[error("opening proof has {got} {what}; expected {expected}")]
    ProofShape {
        /// Which part of the proof.
        what: &'static str,
        /// Elements expected.
        expected: usize,
        /// Elements present.
        got: usize,
    },
    /// Hyrax: the opened row combination $L^\top M$ is not consistent with the row commitments.
    #[error("the opened row combination does not match the commitments (Hyrax commitment check)")]
    CommitmentCheckFailed,
    /// Hyrax: the opened row combination is consistent, but does not evaluate to the claim.
    #[error("the opening evaluates to a different value than claimed (Hyrax evaluation check)")]
    EvaluationMismatch,
    /// Zeromorph: the final KZG pairing equation does not hold.
    #[error("the Zeromorph pairing check failed: the claimed evaluation is not proven")]
    PairingCheckFailed,
    /// Bytes could not be decoded (truncated, malformed, off-curve or wrong-subgroup point).
    #[error("malformed bytes: {0}")]
    Deserialization(#[from] SerializationError),
    /// Bytes decoded, but are not the canonical encoding of what they decode to (for example
    /// a point at infinity with non-zero coordinate bytes): every value has exactly one encoding.
    #[error("the bytes are not the canonical encoding of the value they decode to")]
    NonCanonical,
    /// Bytes decoded but some were left over.
    #[error("{0} unexpected trailing bytes after the encoded value")]
    TrailingBytes(usize),
    /// Reading or writing a file failed.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl PcsError {
    /// True when the error means "this opening proof is wrong" (as opposed to misuse of the API,
    /// or bytes that do not even decode).
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            PcsError::CommitmentCheckFailed
                | PcsError::EvaluationMismatch
                | PcsError::PairingCheckFailed
                | PcsError::CommitmentShape { .. }
                | PcsError::ProofShape { .. }
        )
    }
}
