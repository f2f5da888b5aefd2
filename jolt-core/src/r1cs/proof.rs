//! The serialisable R1CS proof.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use math::{Fr, SumcheckProof};

/// The zero-check over cycles, the evaluations it reduces to, and the shift sum-check.
///
/// Public data: the verifier takes every length from its own key and $\log T$ and checks each
/// vector here against them before reading it.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SpartanProof {
    /// The zero-check $\sum_c \widetilde{eq}(\tau, c)\, G(c) = 0$: $\log T$ rounds, degree 3.
    pub zero_check: SumcheckProof,
    /// $\tilde z_i(r)$ for each [used column](super::UniformR1cs::used_columns), ascending.
    pub column_evals: Vec<Fr>,
    /// $\tilde z^{next}_i(r)$ for each [shifted column](super::UniformR1cs::shifted_columns),
    /// ascending.
    pub next_evals: Vec<Fr>,
    /// The shift sum-check $\sum_{c'} S(r, c') \sum_i \mu^i z_i(c')$ ($\log T$ rounds, degree
    /// 2); `None` exactly when no column is shifted.
    pub shift: Option<SumcheckProof>,
    /// $\tilde z_i(r')$ for each shifted column, ascending (empty when none).
    pub shift_evals: Vec<Fr>,
}
