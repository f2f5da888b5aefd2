//! The equality polynomial $\widetilde{eq}(x, y) = \prod_i \big(x_i y_i + (1 - x_i)(1 - y_i)\big)$.
//!
//! For a fixed point $r \in \mathbb{F}^n$, the table $e_i = \widetilde{eq}(r, \mathrm{bits}(i))$ is
//! the Lagrange basis of the hypercube at $r$: $\tilde f(r) = \sum_i e_i f_i$ and $\sum_i e_i = 1$.
//! Indices follow the crate's variable order: $r_0$ pairs with the most significant bit of `i`.

use ark_ff::{AdditiveGroup, Field};

use crate::field::Fr;
use crate::parallel::{MIN_PARALLEL_CHUNK, map_reduce};

/// Tables up to this many variables are built serially; larger ones split into an outer product.
const SERIAL_MAX_VARS: usize = 12;

/// $\widetilde{eq}(r, \cdot)$ for a fixed point $r$.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EqPolynomial {
    point: Vec<Fr>,
}

impl EqPolynomial {
    /// The equality polynomial anchored at `point`.
    pub fn new(point: Vec<Fr>) -> Self {
        Self { point }
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.point.len()
    }

    /// The anchor point $r$.
    pub fn point(&self) -> &[Fr] {
        &self.point
    }

    /// $\widetilde{eq}(r, y)$ in $O(n)$.
    ///
    /// # Panics
    /// If `y` does not have `num_vars()` coordinates.
    pub fn evaluate(&self, y: &[Fr]) -> Fr {
        assert_eq!(
            y.len(),
            self.point.len(),
            "eq evaluated at a point with the wrong number of coordinates"
        );
        self.point
            .iter()
            .zip(y)
            .map(|(x, y)| {
                let xy = *x * y;
                xy.double() - x - y + Fr::ONE
            })
            .product()
    }

    /// The full table $[\widetilde{eq}(r, \mathrm{bits}(i))]_{i < 2^n}$ in $O(2^n)$ multiplications.
    pub fn evals(&self) -> Vec<Fr> {
        evals_scaled(&self.point, Fr::ONE)
    }

    /// The table multiplied by `scale`, at no extra cost.
    pub fn evals_scaled(&self, scale: Fr) -> Vec<Fr> {
        evals_scaled(&self.point, scale)
    }
}

/// `scale · eq(point, ·)` over the hypercube, most significant bit = `point[0]`.
pub(crate) fn evals_scaled(point: &[Fr], scale: Fr) -> Vec<Fr> {
    let n = point.len();
    if n <= SERIAL_MAX_VARS {
        return evals_serial(point, scale);
    }
    // eq(r, (h, l)) = eq(r_hi, h) · eq(r_lo, l): build the two halves, then their outer product.
    let (r_hi, r_lo) = point.split_at(n / 2);
    let hi = evals_serial(r_hi, scale);
    let lo = evals_scaled(r_lo, Fr::ONE);
    let lo_bits = r_lo.len();
    let mask = (1usize << lo_bits) - 1;
    // Each entry written once, straight into uninitialised capacity (no zero-fill pass).
    let entry = |i: usize| hi[i >> lo_bits] * lo[i & mask];
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..1usize << n)
            .into_par_iter()
            .with_min_len(MIN_PARALLEL_CHUNK)
            .map(entry)
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    (0..1usize << n).map(entry).collect()
}

/// Doubling construction: after processing `r_0..r_k`, entry `i` holds the product for the
/// `k + 1` most significant bits of `i`. One multiplication per output entry.
fn evals_serial(point: &[Fr], scale: Fr) -> Vec<Fr> {
    let mut evals = vec![Fr::ZERO; 1 << point.len()];
    evals[0] = scale;
    let mut size = 1;
    for r in point {
        for i in (0..size).rev() {
            let v = evals[i];
            let high = v * r;
            evals[2 * i + 1] = high;
            evals[2 * i] = v - high;
        }
        size *= 2;
    }
    evals
}

/// `tables[k]` is the eq table of the last `k` coordinates of `point` (`tables[0] = [1]`), for
/// `k = 0..=point.len()`. Total size $2^{n+1}$; built with one multiplication per entry.
pub(crate) fn suffix_tables(point: &[Fr]) -> Vec<Vec<Fr>> {
    let mut tables = Vec::with_capacity(point.len() + 1);
    tables.push(vec![Fr::ONE]);
    for tau in point.iter().rev() {
        let prev = tables.last().expect("tables starts non-empty");
        // The new coordinate becomes the most significant bit.
        let high: Vec<Fr> = prev.iter().map(|v| *v * tau).collect();
        let mut next: Vec<Fr> = prev.iter().zip(&high).map(|(v, h)| *v - h).collect();
        next.extend(high);
        tables.push(next);
    }
    tables
}

/// $\sum_i \widetilde{eq}(r, i) \cdot v_i$ without the full $2^n$ table: with
/// $r = (r_{hi}, r_{lo})$, this is $\sum_h eq(r_{hi}, h) \sum_l eq(r_{lo}, l)\, v_{h,l}$, using
/// two tables of size $\approx 2^{n/2}$. `inner(eq_lo, row)` computes the inner sum for one row.
pub(crate) fn split_inner_product<T, I>(values: &[T], point: &[Fr], inner: I) -> Fr
where
    T: Sync,
    I: Fn(&[Fr], &[T]) -> Fr + Sync,
{
    debug_assert_eq!(values.len(), 1 << point.len());
    let (r_hi, r_lo) = point.split_at(point.len() - point.len() / 2);
    let eq_hi = evals_scaled(r_hi, Fr::ONE);
    let eq_lo = evals_scaled(r_lo, Fr::ONE);
    let row_len = eq_lo.len();
    map_reduce(
        eq_hi.len(),
        (MIN_PARALLEL_CHUNK / row_len).max(1),
        |rows| {
            rows.map(|h| eq_hi[h] * inner(&eq_lo, &values[h * row_len..(h + 1) * row_len]))
                .sum::<Fr>()
        },
        |a, b| a + b,
    )
    .expect("a polynomial has at least one evaluation")
}
