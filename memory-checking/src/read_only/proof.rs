//! The serialisable read-only memory-checking proof.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use math::Fr;

use crate::grand_product::GrandProductProof;

/// A batched read-only memory-checking proof. The verifier checks every length against its own
/// shapes.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ReadOnlyProof {
    /// The grand products of every memory's (read, write, init, final) trees.
    pub grand_product: GrandProductProof,
    /// One per memory: the openings reducing the fingerprint leaf claims to column claims.
    pub openings: Vec<ReadOnlyOpenings>,
}

/// The column evaluations of one memory at the grand product's leaf points.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ReadOnlyOpenings {
    /// $a(r)$.
    pub address: Fr,
    /// $v_j(r)$, $k$ of them.
    pub values: Vec<Fr>,
    /// $t(r)$.
    pub read_timestamp: Fr,
    /// $c(r')$.
    pub final_timestamp: Fr,
}

impl ReadOnlyOpenings {
    /// The scalars in transcript order: $a, v_1 \dots v_k, t, c$.
    pub(crate) fn scalars(&self) -> Vec<Fr> {
        let mut out = Vec::with_capacity(self.values.len() + 3);
        out.push(self.address);
        out.extend_from_slice(&self.values);
        out.push(self.read_timestamp);
        out.push(self.final_timestamp);
        out
    }
}

impl ReadOnlyProof {
    /// Size of the compressed encoding in bytes.
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }
}
