//! Compact multilinear polynomials: hypercube values stored as small integers.
//!
//! A trace column of flags, bytes or 16-bit chunks stored as `Vec<Fr>` costs 32 bytes per
//! entry; as `Vec<u8>` it costs one. A compact polynomial stays small until its first
//! [`bind`](CompactPolynomial::bind), which folds it straight into a half-length
//! [`DensePolynomial`] — the full-length field vector is never materialised.

use ark_ff::AdditiveGroup;
#[cfg(feature = "parallel")]
use rayon::prelude::*;

use super::DensePolynomial;
use super::dense::line_from_endpoints;
use super::eq::split_inner_product;
use super::num_vars_of_len;
use crate::field::{FieldExt, Fr, SmallValue};
#[cfg(feature = "parallel")]
use crate::parallel::MIN_PARALLEL_CHUNK;

/// A multilinear polynomial whose hypercube values are small integers of type `T`.
///
/// Same variable order as [`DensePolynomial`]: `coeffs[i]` is the value at the bits of `i`,
/// most significant bit = $x_0$.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactPolynomial<T> {
    num_vars: usize,
    coeffs: Vec<T>,
}

impl<T: SmallValue> CompactPolynomial<T> {
    /// The polynomial whose hypercube values are `coeffs`.
    ///
    /// # Panics
    /// If `coeffs.len()` is not a power of two.
    pub fn new(coeffs: Vec<T>) -> Self {
        Self {
            num_vars: num_vars_of_len(coeffs.len()),
            coeffs,
        }
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.num_vars
    }

    /// Number of evaluations, $2^n$.
    pub fn len(&self) -> usize {
        self.coeffs.len()
    }

    /// Always false: a polynomial has at least one evaluation.
    pub fn is_empty(&self) -> bool {
        self.coeffs.is_empty()
    }

    /// The stored values.
    pub fn coeffs(&self) -> &[T] {
        &self.coeffs
    }

    /// $\tilde f(r)$, multiplying eq weights by small values (a selection for `bool`).
    ///
    /// # Panics
    /// If `point` does not have `num_vars()` coordinates.
    pub fn evaluate(&self, point: &[Fr]) -> Fr {
        assert_eq!(
            point.len(),
            self.num_vars,
            "polynomial evaluated at a point with the wrong number of coordinates"
        );
        split_inner_product(&self.coeffs, point, |eq_lo, row| {
            eq_lo.iter().zip(row).map(|(e, v)| v.mul_field(*e)).sum()
        })
    }

    /// Fixes $x_0$ to `r`, producing the half-length dense polynomial directly from the small
    /// values. For `bool`/`u8` the products $r \cdot d$ for every difference $d < 256$ come from
    /// a 256-entry table built with additions only, so the fold costs no multiplications.
    ///
    /// # Panics
    /// If the polynomial has no variables.
    pub fn bind(&self, r: Fr) -> DensePolynomial {
        assert!(
            self.num_vars > 0,
            "cannot bind a polynomial with no variables left"
        );
        let (lo, hi) = self.coeffs.split_at(self.coeffs.len() / 2);
        let evals = if T::BITS <= 8 {
            let mut r_times = [Fr::ZERO; 256];
            for d in 1..256 {
                r_times[d] = r_times[d - 1] + r;
            }
            fold_pairs(lo, hi, |a, b| {
                let (a, b) = (a.to_u64(), b.to_u64());
                let base = Fr::from_u64(a);
                if b >= a {
                    base + r_times[(b - a) as usize]
                } else {
                    base - r_times[(a - b) as usize]
                }
            })
        } else {
            fold_pairs(lo, hi, |a, b| {
                let base = a.to_field();
                if a == b {
                    base
                } else {
                    base + r * (b.to_field() - base)
                }
            })
        };
        DensePolynomial::new(evals)
    }

    /// Converts to 32-byte field elements (what `bind` avoids).
    pub fn to_dense(&self) -> DensePolynomial {
        DensePolynomial::new(self.coeffs.iter().map(|v| v.to_field()).collect())
    }

    /// Sum of all hypercube values.
    pub fn sum_over_hypercube(&self) -> Fr {
        self.coeffs.iter().map(|v| v.to_field()).sum()
    }

    /// See [`DensePolynomial::line_evals`]: values of the line through index `i` and
    /// `i + len/2`, at `t = 0..out.len()`.
    #[inline(always)]
    pub(crate) fn line_evals(&self, i: usize, out: &mut [Fr]) {
        let half = self.coeffs.len() / 2;
        line_from_endpoints(
            self.coeffs[i].to_field(),
            self.coeffs[i + half].to_field(),
            out,
        );
    }
}

/// `[f(lo[i], hi[i])]_i`, in parallel when large.
fn fold_pairs<T, F>(lo: &[T], hi: &[T], f: F) -> Vec<Fr>
where
    T: SmallValue,
    F: Fn(T, T) -> Fr + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        lo.par_iter()
            .with_min_len(MIN_PARALLEL_CHUNK)
            .zip(hi.par_iter())
            .map(|(a, b)| f(*a, *b))
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        lo.iter().zip(hi).map(|(a, b)| f(*a, *b)).collect()
    }
}
