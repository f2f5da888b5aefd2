//! The sum-check protocol (Lund–Fortnow–Karloff–Nisan; Thaler, *Proofs, Arguments and
//! Zero-Knowledge*, §4.1), batched.
//!
//! # Relation
//! For a polynomial $g$ on $n$ variables of degree at most $d$ in each variable, the prover
//! convinces the verifier that
//! $$ C = \sum_{x \in \{0,1\}^n} g(x). $$
//! In round $j$ the prover sends $s_j(X) = \sum_{x' \in \{0,1\}^{n-j-1}} g(r_0, \dots, r_{j-1}, X, x')$;
//! the verifier checks $s_j(0) + s_j(1)$ against the running claim (implicitly, see
//! [`CompressedUniPoly`](crate::poly::CompressedUniPoly)), draws $r_j$ and continues with
//! $s_j(r_j)$. After $n$ rounds the claim is reduced to **$g(r) = v$**, which the verifier
//! returns as a [`SumcheckReduction`]: the caller must discharge it (evaluate $g$ at $r$ from
//! polynomial openings or its own computation). Soundness error $\le n d / |\mathbb{F}|$.
//!
//! Variables are bound in order $x_0, x_1, \dots$ (the crate-wide order, see
//! [`poly`](crate::poly)), so $r = (r_0, \dots, r_{n-1})$ is the evaluation point as is.
//!
//! # Batching
//! Instances $k = 0..K$ with $n_k$ rounds, degree $d_k$ and claim $C_k$ are proven together
//! with one proof of $N = \max_k n_k$ rounds and degree $D = \max_k d_k$. After **all** shapes
//! and claims are absorbed, the verifier draws $\beta$ and sets $\alpha_k = \beta^k$. Instance
//! $k$ is aligned to the *last* $n_k$ rounds: during the first $N - n_k$ rounds it contributes
//! the constant $C_k 2^{N-n_k-j-1}$, so its combined claim is $C_k 2^{N-n_k}$, and its reduced
//! point is the suffix $r[N - n_k..]$. The batch's final claim is $\sum_k \alpha_k g_k(r_k)$.
//!
//! # Transcript schedule
//! 1. for each instance: `append_u64(ROUNDS, n_k)`, `append_u64(DEGREE, d_k)`,
//!    `append_scalar(CLAIM, C_k)`;
//! 2. $\beta$ = `challenge_powers(BATCH)`;
//! 3. each round: `append_scalars(ROUND, compressed s_j)`, then $r_j$ = `challenge_scalar(CHALLENGE)`.
//!
//! # Symbols
//! | paper | identifier |
//! |---|---|
//! | $C$ | [`SumcheckStatement::claimed_sum`] |
//! | $n$, $d$ | [`SumcheckStatement::num_rounds`], [`SumcheckStatement::degree`] |
//! | $s_j$ | [`SumcheckProof::round_polynomials`]`[j]` |
//! | $r$ | [`SumcheckReduction::point`] |
//! | $\alpha_k$ | [`SumcheckReduction::coefficients`] |
//! | $v$ | [`SumcheckReduction::value`] |
//!
//! # Provers
//! The prover drives any [`SumcheckInstance`]. Two instances cover most of the VM:
//! - [`CombinationSumcheck`]: $\sum_x f(P_1(x), \dots, P_m(x))$ for any $f$ of degree $\le 8$;
//! - [`EqCombinationSumcheck`]: $\sum_x \widetilde{eq}(\tau, x) f(P_1(x), \dots)$ using Gruen's
//!   factoring (ePrint 2024/108, §3) — the eq factor of the current variable is split off, so
//!   the prover evaluates a degree-$\deg f$ polynomial instead of $\deg f + 1$ — and
//!   $O(2^{n/2})$ split eq tables instead of a $2^n$ one (Dao–Thaler, ePrint 2024/1210).

mod combination;
mod eq_combination;
mod error;
mod proof;
mod prover;
mod verifier;

#[cfg(test)]
mod tests;

use ark_ff::Field;

pub use combination::CombinationSumcheck;
pub use eq_combination::EqCombinationSumcheck;
pub use error::SumcheckError;
pub use proof::SumcheckProof;
pub use prover::{prove, prove_batched};
pub use verifier::{verify, verify_batched};

use crate::field::Fr;
use crate::poly::UniPoly;
use crate::transcript::Transcript;

/// Largest supported degree of a round polynomial.
pub const MAX_DEGREE: usize = 8;

/// Transcript labels.
mod label {
    pub(super) const ROUNDS: &[u8] = b"sumcheck_num_rounds";
    pub(super) const DEGREE: &[u8] = b"sumcheck_degree";
    pub(super) const CLAIM: &[u8] = b"sumcheck_claim";
    pub(super) const BATCH: &[u8] = b"sumcheck_batch_coefficient";
    pub(super) const ROUND: &[u8] = b"sumcheck_round_polynomial";
    pub(super) const CHALLENGE: &[u8] = b"sumcheck_challenge";
}

/// $\prod_i v_i$: the combiner for products of polynomials, e.g. $\widetilde{eq} \cdot A \cdot B$.
/// Unlike `Iterator::product` it does not start from 1, saving a multiplication per call.
#[inline]
pub fn product(values: &[Fr]) -> Fr {
    match values.split_first() {
        Some((first, rest)) => rest.iter().fold(*first, |acc, v| acc * v),
        None => Fr::ONE,
    }
}

/// What is being proven about one instance: shape and claimed sum. The verifier builds this
/// from its own knowledge, never from the proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SumcheckStatement {
    /// $C = \sum_x g(x)$.
    pub claimed_sum: Fr,
    /// $n$, the number of variables of $g$.
    pub num_rounds: usize,
    /// $d$, a bound on the degree of $g$ in each variable.
    pub degree: usize,
}

/// The prover's side of one sum-check instance, driven round by round by [`prove_batched`].
///
/// Contract: `round_polynomial` is called once per round with the running claim
/// $s_{j-1}(r_{j-1})$ (the input claim in round 0) and returns $s_j$ of degree at most
/// `degree()`; then `bind(r_j)` fixes the variable. After `num_rounds()` rounds,
/// `final_evaluations()` returns the input polynomials evaluated at the reduced point.
pub trait SumcheckInstance: Send {
    /// Number of variables, $n \ge 1$.
    fn num_rounds(&self) -> usize;
    /// Degree bound per variable, $1 \le d \le$ [`MAX_DEGREE`].
    fn degree(&self) -> usize;
    /// The claimed sum $C$.
    fn input_claim(&self) -> Fr;
    /// This round's polynomial $s_j$, given the running claim $s_j(0) + s_j(1)$.
    fn round_polynomial(&mut self, claim: Fr) -> UniPoly;
    /// Fixes the current variable to the verifier's challenge.
    fn bind(&mut self, r: Fr);
    /// After the last round: each input polynomial evaluated at the reduced point, in input order.
    fn final_evaluations(&self) -> Vec<Fr>;

    /// The statement this instance proves.
    fn statement(&self) -> SumcheckStatement {
        SumcheckStatement {
            claimed_sum: self.input_claim(),
            num_rounds: self.num_rounds(),
            degree: self.degree(),
        }
    }
}

/// The verifier's output: the claim $\sum_k \alpha_k g_k(r_k) = v$ still to be discharged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a sum-check proves nothing until its reduced claim is discharged"]
pub struct SumcheckReduction {
    /// $r = (r_0, \dots, r_{N-1})$.
    pub point: Vec<Fr>,
    /// $v$, the final running claim.
    pub value: Fr,
    /// $\alpha_k$ (for one instance, `[1]`).
    pub coefficients: Vec<Fr>,
    /// $n_k$ of each instance.
    pub num_rounds: Vec<usize>,
}

impl SumcheckReduction {
    /// The point at which instance `k` was reduced: the last $n_k$ challenges.
    ///
    /// # Panics
    /// If `k` is not an instance index of the batch.
    pub fn point_for(&self, k: usize) -> &[Fr] {
        &self.point[self.point.len() - self.num_rounds[k]..]
    }

    /// Checks $v = \sum_k \alpha_k e_k$ where `evaluations[k]` $= g_k(r_k)$ was computed by the
    /// caller (from openings, or directly).
    pub fn discharge(&self, evaluations: &[Fr]) -> Result<(), SumcheckError> {
        if evaluations.len() != self.coefficients.len() {
            return Err(SumcheckError::EvaluationCountMismatch {
                expected: self.coefficients.len(),
                got: evaluations.len(),
            });
        }
        let expected: Fr = self
            .coefficients
            .iter()
            .zip(evaluations)
            .map(|(a, e)| *a * e)
            .sum();
        if expected == self.value {
            Ok(())
        } else {
            Err(SumcheckError::FinalEvaluationMismatch)
        }
    }
}

/// Validates a batch's shapes and returns $(N, D)$. Shared by prover and verifier so both
/// refuse the same misuse.
fn batch_shape(statements: &[SumcheckStatement]) -> Result<(usize, usize), SumcheckError> {
    if statements.is_empty() {
        return Err(SumcheckError::EmptyBatch);
    }
    for (instance, s) in statements.iter().enumerate() {
        if s.num_rounds == 0 {
            return Err(SumcheckError::ZeroRounds { instance });
        }
        if s.degree == 0 || s.degree > MAX_DEGREE {
            return Err(SumcheckError::UnsupportedDegree {
                instance,
                degree: s.degree,
                max: MAX_DEGREE,
            });
        }
    }
    let max_rounds = statements.iter().map(|s| s.num_rounds).max();
    let max_degree = statements.iter().map(|s| s.degree).max();
    Ok((
        max_rounds.expect("batch is non-empty"),
        max_degree.expect("batch is non-empty"),
    ))
}

/// Absorbs every statement, then draws the batching coefficients $\alpha_k = \beta^k$.
fn absorb_statements(statements: &[SumcheckStatement], transcript: &mut Transcript) -> Vec<Fr> {
    for s in statements {
        transcript.append_u64(label::ROUNDS, s.num_rounds as u64);
        transcript.append_u64(label::DEGREE, s.degree as u64);
        transcript.append_scalar(label::CLAIM, &s.claimed_sum);
    }
    transcript.challenge_powers(label::BATCH, statements.len())
}

/// $C_k \cdot 2^{N - n_k}$: the claim of instance `k` lifted to `max_rounds` variables.
fn lifted_claim(statement: &SumcheckStatement, max_rounds: usize) -> Fr {
    let pad = (max_rounds - statement.num_rounds) as u64;
    statement.claimed_sum * Fr::from(2u64).pow([pad])
}
