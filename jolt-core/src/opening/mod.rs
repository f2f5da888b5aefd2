//! The opening accumulator: every evaluation claim of the proof, reduced to one point per
//! polynomial size by one sum-check, then opened with one batched PCS proof per size
//! (DESIGN.md §7).
//!
//! # Relation
//! Given commitments $C_0, \dots, C_{m-1}$ to multilinear $f_0, \dots, f_{m-1}$ and claims
//! $(i_k, p_k, v_k)$, the prover shows $f_{i_k}(p_k) = v_k$ for every $k$.
//!
//! # Reduction
//! Claims are grouped by the size $n_g$ of their polynomial; identical `(poly, point)` claims
//! are merged (equal values required, [`OpeningError::ConflictingClaims`] otherwise). After
//! every claim is absorbed, the verifier draws $\rho$; distinct claim $k$ gets weight $\rho^k$.
//! For each group $g$ and each of its distinct points $p$, with $F_p = \sum_{k \text{ at } p}
//! \rho^k f_{i_k}$,
//! $$ \sum_{x \in \{0,1\}^{n_g}} \widetilde{eq}(p, x)\, F_p(x) = \sum_{k \text{ at } p} \rho^k v_k. $$
//! All these instances (degree 2) run as **one** batched sum-check (`math`'s `prove_batched`:
//! coefficients $\beta^t$ per instance, shorter groups aligned to the last rounds), so group
//! $g$ is reduced to the point $r_g$, the last $n_g$ challenges. The prover sends
//! $e_i = f_i(r_g)$ for every distinct polynomial of the group; the verifier checks the
//! sum-check's final claim against
//! $$ \sum_t \beta^t\, \widetilde{eq}(p_t, r_{g_t}) \sum_{k \text{ at } p_t} \rho^k e_{i_k}, $$
//! and then each group's $e$ is proven by one [`CommitmentScheme::batch_prove`](pcs::CommitmentScheme::batch_prove) at $r_g$.
//! Soundness error: $K/|\mathbb F|$ for the $\rho$ combination ($K$ distinct claims), plus the
//! batched sum-check's $(T + 2N)/|\mathbb F|$ ($T$ instances, $N = \max_g n_g$ rounds of
//! degree 2), plus the PCS's.
//!
//! Polynomials with **no variables** have only one point (the empty one): they skip the
//! sum-check and are opened at once at $()$ with their (deduplicated) claimed values.
//!
//! One instance per *point* (rather than a hand-written one per group) lets the prover reuse
//! `math`'s [`EqCombinationSumcheck`](math::EqCombinationSumcheck): Gruen's factoring makes a
//! round cost one multiplication per hypercube pair and the eq factor needs only $O(2^{n/2})$
//! split tables, so the prover's memory is one $F_p$ ($2^{n_g}$ field elements) per distinct
//! point. $F_p$ is built straight from compact storage without multiplications for
//! bits/`u8`/`u16`/`u32` (see `combination.rs`).
//!
//! # Transcript schedule
//! The caller must already have bound the commitments (jolt-core absorbs them at the start of
//! the proof, before any challenge the claims depend on); this module does not absorb them
//! again except inside each PCS batch.
//! 1. `append_u64(NUM_CLAIMS, claims.len())`; for each claim **as given** (duplicates
//!    included): `append_u64(POLY, i)`, `append_scalars(POINT, p)`, `append_scalar(VALUE, v)`;
//! 2. $1, \rho, \dots, \rho^{K-1}$ = `challenge_powers(RHO, K)` — **after** every claim (Jolt
//!    2024 issue #981: weights drawn before the claims let a prover choose claims that cancel);
//! 3. the batched sum-check (`math::sumcheck` schedule), skipped when no group has variables;
//! 4. for each group with variables, ascending size: `append_scalars(EVALUATIONS, e_g)`;
//! 5. for each group, ascending size: the PCS's `batch_prove` schedule (which absorbs point,
//!    evaluations and commitments before its own batching challenge).
//!
//! Zero claims follow the same schedule (count 0, one $\rho$ draw) and give
//! [`OpeningProof::empty`].
//!
//! # Orders (both sides derive them from the claims)
//! Groups: ascending number of variables. Within a group: polynomials ascending by index (the
//! order of [`OpeningProof::evaluations`] and of the PCS batch), points in order of first
//! appearance. Distinct claims (and so $\rho^k$): order of first appearance.
//!
//! # Sizing the PCS setup
//! Run `C::setup(params, max_num_vars(&num_vars))`: one key of the largest size opens every
//! smaller polynomial too. For Zeromorph the SRS must have at least $2^{\max n}$ powers; a
//! larger one costs the prover nothing per opening (the degree check is relative to the
//! group's size, see `pcs::zeromorph`). Hyrax needs $2^{\max n - n_R(\max n)}$ generators
//! (`pcs::hyrax::matrix_shape`), and each group's opening sends one row combination of
//! $2^{n - n_R(n)}$ scalars.
//!
//! # Symbols
//! | paper | identifier |
//! |---|---|
//! | $(i_k, p_k, v_k)$ | [`EvaluationClaim`] `poly`, `point`, `value` |
//! | $n_g$ | `num_vars` of a polynomial (the verifier's `num_vars[i]`) |
//! | $\rho$ | `rho` (`plan::absorb_claims`) |
//! | $F_p$ | `combination::combine` |
//! | $r_g$ | `SumcheckReduction::point_for` of the group's first instance |
//! | $e_i = f_i(r_g)$ | [`OpeningProof::evaluations`] |
//!
//! # Measured
//! 150 polynomials of $2^{16}$ (bool/u8/u16) each claimed at two of five points, plus 20 of
//! $2^{12}$ (every representation) at two points: 340 claims, two size groups. Release build,
//! shared 2-core machine (load ≈ 1.5), `cargo test --release -p jolt-core measure_prove_verify
//! -- --ignored --nocapture`:
//!
//! | | Hyrax | Zeromorph ($D = 2^{16}$) |
//! |---|---|---|
//! | prove | 240 ms | 0.9–1.6 s |
//! | verify | 110 ms | 5 ms |
//! | proof | 16.9 KB | 7.7 KB |
//!
//! Hyrax's 240 ms split (one instrumented run): building the five $F_p$ of $2^{16}$ 75 ms, the
//! sum-check 14 ms, the 170 evaluations 40 ms, the two PCS batch openings 108 ms. Its verifier
//! time is the PCS's MSM over $150 \times 256$ row commitments; the reduction itself costs the
//! verifier microseconds. Zeromorph's prover is its two openings, each with MSMs of the whole
//! SRS ($2^{16}$), the small group included.

mod combination;
mod error;
mod evaluation;
mod plan;
mod proof;
mod prover;
mod verifier;

#[cfg(test)]
mod tests;

use math::{Fr, Transcript};

pub use error::OpeningError;
pub use proof::OpeningProof;
pub use prover::prove;
pub use verifier::verify;

/// Transcript labels.
mod label {
    pub(super) const NUM_CLAIMS: &[u8] = b"opening_num_claims";
    pub(super) const POLY: &[u8] = b"opening_claim_poly";
    pub(super) const POINT: &[u8] = b"opening_claim_point";
    pub(super) const VALUE: &[u8] = b"opening_claim_value";
    pub(super) const RHO: &[u8] = b"opening_rho";
    pub(super) const EVALUATIONS: &[u8] = b"opening_evaluations";
}

/// "Committed polynomial `poly` evaluates to `value` at `point`".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationClaim {
    /// Index into the caller's polynomial and commitment lists.
    pub poly: usize,
    /// The point, in `math`'s variable order (`point[0]` is $x_0$, the most significant bit);
    /// as many coordinates as the polynomial has variables.
    pub point: Vec<Fr>,
    /// The claimed evaluation.
    pub value: Fr,
}

impl EvaluationClaim {
    /// `poly` evaluates to `value` at `point`.
    pub fn new(poly: usize, point: Vec<Fr>, value: Fr) -> Self {
        Self { poly, point, value }
    }
}

/// The `max_num_vars` to run the PCS setup with for polynomials of these sizes (0 for none).
/// See [Sizing the PCS setup](self#sizing-the-pcs-setup).
pub fn max_num_vars(num_vars: &[usize]) -> usize {
    num_vars.iter().copied().max().unwrap_or(0)
}

/// Step 4 of the schedule: each reduced group's evaluations, ascending size.
fn absorb_evaluations(evaluations: &[Vec<Fr>], transcript: &mut Transcript) {
    for e in evaluations {
        transcript.append_scalars(label::EVALUATIONS, e);
    }
}
