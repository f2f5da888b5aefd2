//! $\sum_x \widetilde{eq}(\tau, x) \cdot f(P_1(x), \dots, P_m(x))$ with Gruen's factoring and
//! split eq tables.
//!
//! In round $j$, with $c_j = \widetilde{eq}(\tau_{<j}, r_{<j})$ and
//! $l_j(X) = \widetilde{eq}(\tau_j, X) = (1 - \tau_j) + (2\tau_j - 1) X$,
//! $$ s_j(X) = c_j \, l_j(X) \, q_j(X), \qquad
//!    q_j(X) = \sum_{x'} \widetilde{eq}(\tau_{>j}, x') \, f(P(r_{<j}, X, x')). $$
//! $q_j$ has degree $\deg f$ only, so the prover evaluates it at $t = 0, 2, \dots, \deg f$ and
//! recovers $q_j(1)$ from the claim: $c_j[(1-\tau_j) q_j(0) + \tau_j q_j(1)] = s_j(0) + s_j(1)$
//! (Gruen, ePrint 2024/108, §3). The weight $\widetilde{eq}(\tau_{>j}, x')$ is the product of
//! two tables over the high and low halves of the remaining variables (Dao–Thaler, ePrint
//! 2024/1210, §5), so eq costs $O(2^{n/2})$ memory and one multiplication per pair instead of a
//! bound $2^n$-entry polynomial.
//!
//! | symbol | identifier |
//! |---|---|
//! | $\tau$ | `tau` |
//! | $c_j$ | `eq_prefix` |
//! | $\widetilde{eq}(\tau_{>j}, \cdot)$ high / low halves | `hi_tables` / `lo_tables` |

use ark_ff::{AdditiveGroup, Field};

use super::SumcheckInstance;
use super::combination::add_vectors;
use crate::field::Fr;
use crate::parallel::{MIN_PARALLEL_CHUNK, map_reduce};
use crate::poly::{MultilinearPolynomial, UniPoly, suffix_tables};

/// The eq-weighted sum-check instance (Spartan's outer sum-check, GKR layers, Lasso's primary
/// sum-check all have this shape).
pub struct EqCombinationSumcheck<C> {
    tau: Vec<Fr>,
    polys: Vec<MultilinearPolynomial>,
    combine_degree: usize,
    combine: C,
    claim: Fr,
    round: usize,
    /// $c_j = \widetilde{eq}(\tau_{<j}, r_{<j})$.
    eq_prefix: Fr,
    /// Variables `split..n` form the low half; `1..split` the high half (round 0's view).
    split: usize,
    /// `hi_tables[k]` = eq table of `tau[split-k..split]`.
    hi_tables: Vec<Vec<Fr>>,
    /// `lo_tables[k]` = eq table of `tau[n-k..n]`.
    lo_tables: Vec<Vec<Fr>>,
}

impl<C> EqCombinationSumcheck<C>
where
    C: Fn(&[Fr]) -> Fr + Send + Sync,
{
    /// $\sum_x \widetilde{eq}(\tau, x)\,$`combine`$(P(x)) = $ `claim`, where `combine` has total
    /// degree at most `combine_degree` (the instance's degree is one more).
    ///
    /// # Panics
    /// If `polys` is empty or a polynomial does not have `tau.len()` variables.
    pub fn new(
        tau: Vec<Fr>,
        polys: Vec<MultilinearPolynomial>,
        combine_degree: usize,
        combine: C,
        claim: Fr,
    ) -> Self {
        let n = tau.len();
        assert!(
            !polys.is_empty(),
            "an eq combination needs at least one polynomial"
        );
        assert!(
            polys.iter().all(|p| p.num_vars() == n),
            "every polynomial must have as many variables as tau has coordinates ({n})"
        );
        let split = n - n / 2;
        let hi_tables = suffix_tables(tau.get(1..split).unwrap_or(&[]));
        let lo_tables = suffix_tables(&tau[split..]);
        Self {
            tau,
            polys,
            combine_degree,
            combine,
            claim,
            round: 0,
            eq_prefix: Fr::ONE,
            split,
            hi_tables,
            lo_tables,
        }
    }

    /// The input polynomials, bound at the challenges so far.
    pub fn polynomials(&self) -> &[MultilinearPolynomial] {
        &self.polys
    }

    /// $\widetilde{eq}(\tau, r)$ after the last round (the verifier computes it itself).
    pub fn eq_evaluation(&self) -> Fr {
        self.eq_prefix
    }

    /// The eq tables weighting the hypercube of the variables after the current one.
    fn weight_tables(&self) -> (&[Fr], &[Fr]) {
        let n = self.tau.len();
        let j = self.round;
        if j < self.split {
            (
                &self.hi_tables[self.split - 1 - j],
                &self.lo_tables[n - self.split],
            )
        } else {
            (&self.hi_tables[0], &self.lo_tables[n - 1 - j])
        }
    }

    /// $q_j(t)$ for every `t` in `points` (other entries stay zero).
    fn q_evals(&self, points: &[usize]) -> Vec<Fr> {
        let d = self.combine_degree;
        let m = self.polys.len();
        let (eq_hi, eq_lo) = self.weight_tables();
        let row_len = eq_lo.len();
        map_reduce(
            eq_hi.len(),
            (MIN_PARALLEL_CHUNK / 4 / row_len).max(1),
            |rows| {
                let mut lines = vec![Fr::ZERO; m * (d + 1)];
                let mut args = vec![Fr::ZERO; m];
                let mut inner = vec![Fr::ZERO; d + 1];
                let mut outer = vec![Fr::ZERO; d + 1];
                for h in rows {
                    inner.fill(Fr::ZERO);
                    for (l, weight) in eq_lo.iter().enumerate() {
                        let index = h * row_len + l;
                        for (p, line) in self.polys.iter().zip(lines.chunks_exact_mut(d + 1)) {
                            p.line_evals(index, line);
                        }
                        for &t in points {
                            for (a, line) in args.iter_mut().zip(lines.chunks_exact(d + 1)) {
                                *a = line[t];
                            }
                            inner[t] += (self.combine)(&args) * weight;
                        }
                    }
                    for (o, i) in outer.iter_mut().zip(&inner) {
                        *o += eq_hi[h] * i;
                    }
                }
                outer
            },
            add_vectors,
        )
        .expect("a round has at least one hypercube pair")
    }
}

impl<C> SumcheckInstance for EqCombinationSumcheck<C>
where
    C: Fn(&[Fr]) -> Fr + Send + Sync,
{
    fn num_rounds(&self) -> usize {
        self.tau.len()
    }

    fn degree(&self) -> usize {
        self.combine_degree + 1
    }

    fn input_claim(&self) -> Fr {
        self.claim
    }

    fn round_polynomial(&mut self, claim: Fr) -> UniPoly {
        let d = self.combine_degree;
        let tau = self.tau[self.round];
        // q(1) follows from the claim unless c_j·τ_j = 0 (probability ~1/p), or deg q = 0.
        let q1_divisor = (self.eq_prefix * tau).inverse();
        let points: Vec<usize> = (0..=d)
            .filter(|&t| t != 1 || q1_divisor.is_none())
            .collect();
        let mut q = self.q_evals(&points);
        if let (Some(divisor), true) = (q1_divisor, d >= 1) {
            let s0 = self.eq_prefix * (Fr::ONE - tau) * q[0];
            q[1] = (claim - s0) * divisor;
        }
        // s(X) = c_j · l_j(X) · q(X), l_j(X) = (1 − τ) + (2τ − 1)X.
        UniPoly::from_evals(&q).mul_linear(
            self.eq_prefix * (Fr::ONE - tau),
            self.eq_prefix * (tau.double() - Fr::ONE),
        )
    }

    fn bind(&mut self, r: Fr) {
        let tau = self.tau[self.round];
        self.eq_prefix *= Fr::ONE - tau - r + (tau * r).double();
        for p in &mut self.polys {
            p.bind(r);
        }
        self.round += 1;
    }

    fn final_evaluations(&self) -> Vec<Fr> {
        self.polys.iter().map(|p| p.final_value()).collect()
    }
}
