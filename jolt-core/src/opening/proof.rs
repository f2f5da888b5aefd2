//! The serialisable accumulated opening proof.

use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, Read, SerializationError, Valid, Validate,
    Write,
};
use math::{Fr, SumcheckProof};
use pcs::CommitmentScheme;

/// One sum-check reducing every claim to one point per size, the evaluations at those points,
/// and one batched PCS opening per size.
///
/// All fields are untrusted: the verifier checks every length against what it derives from its
/// own claims before using them.
pub struct OpeningProof<C: CommitmentScheme> {
    /// The point-reduction sum-check; no rounds when no group has variables.
    pub sumcheck: SumcheckProof,
    /// Per size group with at least one variable (ascending size): $f_i(r_g)$ for each distinct
    /// polynomial of the group, ascending polynomial index.
    pub evaluations: Vec<Vec<Fr>>,
    /// Per size group (ascending size, including polynomials with no variables): the batched
    /// opening of the group's polynomials.
    pub openings: Vec<C::Proof>,
}

impl<C: CommitmentScheme> OpeningProof<C> {
    /// The proof of zero claims.
    pub fn empty() -> Self {
        Self {
            sumcheck: SumcheckProof {
                round_polynomials: Vec::new(),
            },
            evaluations: Vec::new(),
            openings: Vec::new(),
        }
    }

    /// Size of the compressed encoding in bytes.
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }
}

// Written by hand: a derive would demand `C: Clone + Debug + PartialEq + CanonicalSerialize`
// of the scheme marker type itself, not of its proof type.
impl<C: CommitmentScheme> Clone for OpeningProof<C> {
    fn clone(&self) -> Self {
        Self {
            sumcheck: self.sumcheck.clone(),
            evaluations: self.evaluations.clone(),
            openings: self.openings.clone(),
        }
    }
}

impl<C: CommitmentScheme> core::fmt::Debug for OpeningProof<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("OpeningProof")
            .field("sumcheck", &self.sumcheck)
            .field("evaluations", &self.evaluations)
            .field("openings", &self.openings)
            .finish()
    }
}

impl<C: CommitmentScheme> PartialEq for OpeningProof<C> {
    fn eq(&self, other: &Self) -> bool {
        self.sumcheck == other.sumcheck
            && self.evaluations == other.evaluations
            && self.openings == other.openings
    }
}

impl<C: CommitmentScheme> CanonicalSerialize for OpeningProof<C> {
    fn serialize_with_mode<W: Write>(
        &self,
        mut writer: W,
        compress: Compress,
    ) -> Result<(), SerializationError> {
        self.sumcheck.serialize_with_mode(&mut writer, compress)?;
        self.evaluations
            .serialize_with_mode(&mut writer, compress)?;
        self.openings.serialize_with_mode(&mut writer, compress)
    }

    fn serialized_size(&self, compress: Compress) -> usize {
        self.sumcheck.serialized_size(compress)
            + self.evaluations.serialized_size(compress)
            + self.openings.serialized_size(compress)
    }
}

impl<C: CommitmentScheme> Valid for OpeningProof<C> {
    fn check(&self) -> Result<(), SerializationError> {
        self.sumcheck.check()?;
        self.evaluations.check()?;
        self.openings.check()
    }
}

impl<C: CommitmentScheme> CanonicalDeserialize for OpeningProof<C> {
    fn deserialize_with_mode<R: Read>(
        mut reader: R,
        compress: Compress,
        validate: Validate,
    ) -> Result<Self, SerializationError> {
        Ok(Self {
            sumcheck: SumcheckProof::deserialize_with_mode(&mut reader, compress, validate)?,
            evaluations: Vec::deserialize_with_mode(&mut reader, compress, validate)?,
            openings: Vec::deserialize_with_mode(&mut reader, compress, validate)?,
        })
    }
}
