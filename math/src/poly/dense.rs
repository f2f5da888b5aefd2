//! Dense multilinear polynomials: $2^n$ field elements, one per hypercube point.

use core::ops::Index;

use ark_ff::AdditiveGroup;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use super::eq::split_inner_product;
use super::num_vars_of_len;
use crate::field::Fr;
#[cfg(feature = "parallel")]
use crate::parallel::MIN_PARALLEL_CHUNK;

/// A multilinear polynomial in evaluation form over $\{0,1\}^n$.
///
/// `evals[i]` is the value at the point whose coordinates are the bits of `i`, most significant
/// bit first (`x_0` = bit `n-1`). [`bind`](Self::bind) fixes `x_0`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DensePolynomial {
    num_vars: usize,
    evals: Vec<Fr>,
}

impl DensePolynomial {
    /// The polynomial whose hypercube evaluations are `evals`.
    ///
    /// # Panics
    /// If `evals.len()` is not a power of two (a zero-variable polynomial has length 1).
    pub fn new(evals: Vec<Fr>) -> Self {
        Self {
            num_vars: num_vars_of_len(evals.len()),
            evals,
        }
    }

    /// The zero polynomial on `num_vars` variables.
    pub fn zero(num_vars: usize) -> Self {
        Self::new(vec![Fr::ZERO; 1 << num_vars])
    }

    /// Number of (unbound) variables.
    pub fn num_vars(&self) -> usize {
        self.num_vars
    }

    /// Number of evaluations, $2^{n}$.
    pub fn len(&self) -> usize {
        self.evals.len()
    }

    /// Always false: a polynomial has at least one evaluation.
    pub fn is_empty(&self) -> bool {
        self.evals.is_empty()
    }

    /// The hypercube evaluations.
    pub fn evals(&self) -> &[Fr] {
        &self.evals
    }

    /// Consumes the polynomial, returning its evaluations.
    pub fn into_evals(self) -> Vec<Fr> {
        self.evals
    }

    /// $\tilde f(r)$ for `point` $= (r_0, \dots, r_{n-1})$, in $2^n + O(2^{n/2})$
    /// multiplications and $O(2^{n/2})$ extra memory.
    ///
    /// # Panics
    /// If `point` does not have `num_vars()` coordinates.
    pub fn evaluate(&self, point: &[Fr]) -> Fr {
        assert_eq!(
            point.len(),
            self.num_vars,
            "polynomial evaluated at a point with the wrong number of coordinates"
        );
        split_inner_product(&self.evals, point, |eq_lo, row| {
            eq_lo.iter().zip(row).map(|(e, v)| *e * v).sum()
        })
    }

    /// Fixes the first variable $x_0$ (the most significant index bit) to `r`:
    /// $f'(x_1, \dots) = f(0, x_1, \dots) + r\,(f(1, x_1, \dots) - f(0, x_1, \dots))$.
    /// In place; the evaluation count halves.
    ///
    /// # Panics
    /// If the polynomial has no variables left.
    pub fn bind(&mut self, r: Fr) {
        assert!(
            self.num_vars > 0,
            "cannot bind a polynomial with no variables left"
        );
        let half = self.evals.len() / 2;
        let (lo, hi) = self.evals.split_at_mut(half);
        let fold = |(a, b): (&mut Fr, &Fr)| {
            if *a != *b {
                *a += r * (*b - *a);
            }
        };
        #[cfg(feature = "parallel")]
        lo.par_iter_mut()
            .with_min_len(MIN_PARALLEL_CHUNK)
            .zip(hi.par_iter())
            .for_each(fold);
        #[cfg(not(feature = "parallel"))]
        lo.iter_mut().zip(hi.iter()).for_each(fold);
        self.evals.truncate(half);
        self.num_vars -= 1;
    }

    /// Sum of all hypercube evaluations, $\sum_x f(x)$.
    pub fn sum_over_hypercube(&self) -> Fr {
        self.evals.iter().sum()
    }

    /// The value of a fully bound polynomial.
    ///
    /// # Panics
    /// If variables remain unbound.
    pub fn final_value(&self) -> Fr {
        assert_eq!(self.num_vars, 0, "polynomial still has unbound variables");
        self.evals[0]
    }

    /// The evaluations at $x_0 = t$ for the current first variable, for `t = 0..out.len()`, at
    /// hypercube index `i < len/2` of the remaining variables: `out[t] = lo + t·(hi − lo)`.
    #[inline(always)]
    pub(crate) fn line_evals(&self, i: usize, out: &mut [Fr]) {
        let half = self.evals.len() / 2;
        line_from_endpoints(self.evals[i], self.evals[i + half], out);
    }
}

/// `out[t] = lo + t·(hi − lo)` by repeated addition.
#[inline(always)]
pub(crate) fn line_from_endpoints(lo: Fr, hi: Fr, out: &mut [Fr]) {
    let Some((first, rest)) = out.split_first_mut() else {
        return;
    };
    *first = lo;
    let Some((second, rest)) = rest.split_first_mut() else {
        return;
    };
    *second = hi;
    let step = hi - lo;
    let mut prev = hi;
    for o in rest {
        prev += step;
        *o = prev;
    }
}

impl Index<usize> for DensePolynomial {
    type Output = Fr;

    fn index(&self, i: usize) -> &Fr {
        &self.evals[i]
    }
}

impl From<Vec<Fr>> for DensePolynomial {
    fn from(evals: Vec<Fr>) -> Self {
        Self::new(evals)
    }
}
