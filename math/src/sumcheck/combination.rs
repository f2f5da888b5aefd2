//! $\sum_x f(P_1(x), \dots, P_m(x))$ for multilinear $P_i$ and any $f$ of total degree $d \le 8$.

use ark_ff::AdditiveGroup;

use super::SumcheckInstance;
use crate::field::Fr;
use crate::parallel::{MIN_PARALLEL_CHUNK, map_reduce};
use crate::poly::{MultilinearPolynomial, UniPoly};

/// The generic sum-check instance.
///
/// Round cost: for each of the $2^{n-j-1}$ hypercube pairs, each $P_i$ is extended to
/// $t = 0, 2, 3, \dots, d$ by repeated addition and $f$ is evaluated $d$ times ($t = 1$ comes
/// from the running claim). Compact inputs are read as small integers in the first round and
/// become dense (half length) when bound.
pub struct CombinationSumcheck<C> {
    polys: Vec<MultilinearPolynomial>,
    degree: usize,
    combine: C,
    claim: Fr,
    num_rounds: usize,
}

impl<C> CombinationSumcheck<C>
where
    C: Fn(&[Fr]) -> Fr + Send + Sync,
{
    /// $\sum_x$ `combine`$(P_1(x), \dots, P_m(x))$, where `combine` has total degree at most
    /// `degree`. Computes the claimed sum (one pass over the hypercube).
    ///
    /// # Panics
    /// If `polys` is empty or the polynomials have different numbers of variables.
    pub fn new(polys: Vec<MultilinearPolynomial>, degree: usize, combine: C) -> Self {
        let mut instance = Self::with_claim(polys, degree, combine, Fr::ZERO);
        instance.claim = instance.hypercube_sum();
        instance
    }

    /// As [`new`](Self::new), with a claimed sum supplied by the caller (no extra pass). If the
    /// claim is false the resulting proof is rejected.
    ///
    /// # Panics
    /// If `polys` is empty or the polynomials have different numbers of variables.
    pub fn with_claim(
        polys: Vec<MultilinearPolynomial>,
        degree: usize,
        combine: C,
        claim: Fr,
    ) -> Self {
        let num_rounds = polys
            .first()
            .expect("a combination needs at least one polynomial")
            .num_vars();
        assert!(
            polys.iter().all(|p| p.num_vars() == num_rounds),
            "all polynomials of a combination must have the same number of variables"
        );
        Self {
            polys,
            degree,
            combine,
            claim,
            num_rounds,
        }
    }

    /// The input polynomials, bound at the challenges so far.
    pub fn polynomials(&self) -> &[MultilinearPolynomial] {
        &self.polys
    }

    fn hypercube_sum(&self) -> Fr {
        let len = self.polys[0].len();
        map_reduce(
            len,
            MIN_PARALLEL_CHUNK,
            |range| {
                let mut args = vec![Fr::ZERO; self.polys.len()];
                range
                    .map(|i| {
                        for (a, p) in args.iter_mut().zip(&self.polys) {
                            *a = p.get(i);
                        }
                        (self.combine)(&args)
                    })
                    .sum::<Fr>()
            },
            |a, b| a + b,
        )
        .expect("a polynomial has at least one evaluation")
    }
}

impl<C> SumcheckInstance for CombinationSumcheck<C>
where
    C: Fn(&[Fr]) -> Fr + Send + Sync,
{
    fn num_rounds(&self) -> usize {
        self.num_rounds
    }

    fn degree(&self) -> usize {
        self.degree
    }

    fn input_claim(&self) -> Fr {
        self.claim
    }

    fn round_polynomial(&mut self, claim: Fr) -> UniPoly {
        let d = self.degree;
        let m = self.polys.len();
        let half = self.polys[0].len() / 2;
        let mut evals = map_reduce(
            half,
            MIN_PARALLEL_CHUNK / 4,
            |range| {
                // lines[i·(d+1) + t] = P_i at (X = t, rest = index).
                let mut lines = vec![Fr::ZERO; m * (d + 1)];
                let mut args = vec![Fr::ZERO; m];
                let mut acc = vec![Fr::ZERO; d + 1];
                for index in range {
                    for (p, line) in self.polys.iter().zip(lines.chunks_exact_mut(d + 1)) {
                        p.line_evals(index, line);
                    }
                    for t in (0..=d).filter(|&t| t != 1) {
                        for (a, line) in args.iter_mut().zip(lines.chunks_exact(d + 1)) {
                            *a = line[t];
                        }
                        acc[t] += (self.combine)(&args);
                    }
                }
                acc
            },
            add_vectors,
        )
        .expect("a round has at least one hypercube pair");
        evals[1] = claim - evals[0];
        UniPoly::from_evals(&evals)
    }

    fn bind(&mut self, r: Fr) {
        for p in &mut self.polys {
            p.bind(r);
        }
    }

    fn final_evaluations(&self) -> Vec<Fr> {
        self.polys.iter().map(|p| p.final_value()).collect()
    }
}

/// Element-wise sum, reusing the left vector.
pub(super) fn add_vectors(mut a: Vec<Fr>, b: Vec<Fr>) -> Vec<Fr> {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
    a
}
