//! The serialisable read-write memory-checking proof.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use math::{Fr, SumcheckProof};

use crate::grand_product::GrandProductProof;
use crate::read_only::ReadOnlyOpenings;

/// A read-write memory-checking proof. The verifier checks every length against its statement.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ReadWriteProof {
    /// Grand products of the address space's and every range chunk's four trees.
    pub grand_product: GrandProductProof,
    /// The address space's column evaluations at the leaf points.
    pub openings: ReadWriteOpenings,
    /// One per range chunk: $c_j(r)$, its read count at $r$, its final count at $r_{16}$.
    pub range_openings: Vec<ReadOnlyOpenings>,
    /// The output check's zero-check sum-check ($\log K$ rounds, degree 3).
    pub output_sumcheck: SumcheckProof,
    /// $v^{fin}(r')$ at the output sum-check's point.
    pub output_final_value: Fr,
}

/// The address space's column evaluations at the read point $r$ and the memory point $r_K$.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ReadWriteOpenings {
    /// $a(r)$.
    pub address: Fr,
    /// $v^r(r)$.
    pub read_value: Fr,
    /// $t^r(r)$.
    pub read_timestamp: Fr,
    /// $v^w(r)$.
    pub write_value: Fr,
    /// $g(r)$, the ops' tags.
    pub access_tag: Fr,
    /// $v^{fin}(r_K)$.
    pub final_value: Fr,
    /// $t^{fin}(r_K)$.
    pub final_timestamp: Fr,
    /// $v^{init}(r_K)$: checked against the verifier's evaluation when the initial memory is
    /// public, an opening claim on the committed initial memory otherwise.
    pub init_value: Fr,
}

impl ReadWriteOpenings {
    /// The scalars in transcript order.
    pub(crate) fn scalars(&self) -> [Fr; 8] {
        [
            self.address,
            self.read_value,
            self.read_timestamp,
            self.write_value,
            self.access_tag,
            self.final_value,
            self.final_timestamp,
            self.init_value,
        ]
    }
}

impl ReadWriteProof {
    /// Size of the compressed encoding in bytes.
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }
}
