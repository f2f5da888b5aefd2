//! The serialisable sum-check proof.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

use crate::poly::CompressedUniPoly;

/// One compressed round polynomial per round (batched instances share them).
///
/// The fields are public data: the verifier trusts nothing in them — it checks the round count
/// and every degree against the statement it was given, never against the proof.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SumcheckProof {
    /// $s_0, \dots, s_{n-1}$, each without its linear coefficient.
    pub round_polynomials: Vec<CompressedUniPoly>,
}

impl SumcheckProof {
    /// Number of rounds the proof carries.
    pub fn num_rounds(&self) -> usize {
        self.round_polynomials.len()
    }
}
