//! The serialisable grand-product proof.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use math::{Fr, SumcheckProof};

/// A batched grand-product proof. Public data: the verifier checks every length against the
/// shapes it was given, never against the proof.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct GrandProductProof {
    /// $P_k$, one per tree.
    pub products: Vec<Fr>,
    /// One entry per layer, root layer first ($\max_k n_k$ entries).
    pub layers: Vec<LayerProof>,
}

/// One layer of the batched GKR.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct LayerProof {
    /// The batched sum-check of layer $m$: $m$ rounds (none for the root layer).
    pub sumcheck: SumcheckProof,
    /// For each tree of the layer in input order: $L, R$ (2 scalars), or for a toggled tree's
    /// leaf layer $f_L, h_L, f_R, h_R$ (4 scalars).
    pub child_evals: Vec<Fr>,
}

impl GrandProductProof {
    /// Size of the compressed encoding in bytes.
    pub fn size_in_bytes(&self) -> usize {
        self.compressed_size()
    }
}
