//! The proof object and its encoding.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use math::Fr;
use memory_checking::read_only::ReadOnlyProof;
use memory_checking::read_write::ReadWriteProof;
use pcs::CommitmentScheme;

use crate::error::{MalformedProof, VerifyError};
use crate::opening::OpeningProof;
use crate::r1cs::SpartanProof;
use crate::surge::PrimaryProof;

/// Decodes `bytes` (at most `max` of them) as a `T`, validating every curve point, and
/// accepts only the canonical encoding: the decoded value must re-encode to exactly `bytes`.
pub(crate) fn decode_canonical<T: CanonicalSerialize + CanonicalDeserialize>(
    bytes: &[u8],
    max: usize,
) -> Result<T, VerifyError> {
    if bytes.len() > max {
        return Err(VerifyError::Malformed(MalformedProof::TooLarge {
            len: bytes.len(),
            max,
        }));
    }
    let mut reader = bytes;
    let value = T::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes)
        .map_err(|e| VerifyError::Malformed(MalformedProof::Decode(e)))?;
    if !reader.is_empty() {
        return Err(VerifyError::Malformed(MalformedProof::TrailingBytes(
            reader.len(),
        )));
    }
    let mut again = Vec::with_capacity(bytes.len());
    value
        .serialize_compressed(&mut again)
        .expect("serialising into a Vec cannot fail");
    if again != bytes {
        return Err(VerifyError::NonCanonical);
    }
    Ok(value)
}

/// Largest proof the decoder accepts (64 MiB): a cap before any allocation.
pub const MAX_PROOF_BYTES: usize = 64 << 20;

/// A proof that a program, on a public input, produced a public output.
#[derive(Clone, Debug, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct JoltProof<C: CommitmentScheme> {
    /// $\log_2$ of the padded trace length (bounded by the preprocessing).
    pub log_cycles: u32,
    /// Commitments to every committed polynomial, in the accumulator's order.
    pub commitments: Vec<C::Commitment>,
    /// Bytecode and Surge memories: read-only memory checking.
    pub read_only: ReadOnlyProof,
    /// Registers, RAM and I/O: read-write memory checking.
    pub read_write: ReadWriteProof,
    /// The per-slot columns at the read-write claims' cycle point.
    pub slot_evaluations: Vec<Fr>,
    /// Surge's primary sum-check.
    pub primary: PrimaryProof,
    /// R1CS.
    pub r1cs: SpartanProof,
    /// The batched opening of every claim.
    pub opening: OpeningProof<C>,
}

impl<C: CommitmentScheme> JoltProof<C> {
    /// The compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.serialized_size(Compress::Yes));
        self.serialize_compressed(&mut out)
            .expect("serialising into a Vec cannot fail");
        out
    }

    /// Decodes a proof, validating every curve point; never panics on any bytes.
    ///
    /// Only the canonical encoding is accepted: the decoded proof must re-encode to exactly
    /// `bytes`, or this returns [`VerifyError::NonCanonical`]. Decoding and encoding are both
    /// functions, so at most one byte string passes for each proof — one proof, one byte string,
    /// safe to hash, deduplicate or sign. `ark-serialize` already refuses field elements
    /// $\ge p$, points off the curve, invalid point flags and malformed lengths; the re-encoding
    /// also refuses what it lets through (a point at infinity with non-zero $x$-bytes) and any
    /// non-canonical form a component's encoding might allow.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VerifyError> {
        decode_canonical(bytes, MAX_PROOF_BYTES)
    }

    /// Size of the encoding in bytes.
    pub fn size_in_bytes(&self) -> usize {
        self.serialized_size(Compress::Yes)
    }
}
