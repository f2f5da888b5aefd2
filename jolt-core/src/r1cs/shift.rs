//! The successor relation on cycle indices and its multilinear extension $S$.
//!
//! $S(x, y)$ is the MLE of $[\,y = x + 1\,]$ on $n$-bit integers, most significant bit first
//! ($x_0$ is the top bit), with **no wrap-around**: $S(x, 0) = 0$ and $S(1\dots1, y) = 0$. It
//! turns a claim about the shifted column $z^{next}(c) = z(c + 1)$ (0 at $c = T - 1$) into one
//! about $z$ itself:
//! $$ \tilde z^{next}(r) = \sum_c \widetilde{eq}(r, c)\, z(c + 1)
//!    = \sum_{c'} S(r, c')\, z(c'). $$
//!
//! # Closed form
//! For $a \in [0, 2^n - 1)$ let $p$ be the variable of the lowest zero bit of $a$ (so the bits
//! below it, variables $p+1..n$, are all 1). Then $a + 1$ agrees with $a$ on variables $< p$,
//! has 1 at $p$ where $a$ has 0, and 0 below $p$ where $a$ has 1. Summing over $p$:
//! $$ S(x, y) = \sum_{p=0}^{n-1} \Big[\prod_{i<p} \widetilde{eq}(x_i, y_i)\Big]
//!    (1 - x_p)\, y_p \prod_{i>p} x_i (1 - y_i), $$
//! each summand multilinear and equal to the indicator on the hypercube, so the sum is the MLE.
//! $a = 2^n - 1$ has no zero bit, hence no summand: no wrap. $O(n)$ with a prefix product.

use ark_ff::{AdditiveGroup, Field};
use math::{EqPolynomial, Fr};

/// $S(x, y)$ in $O(n)$ (see the [module docs](self)).
///
/// # Panics
/// If `x` and `y` have different lengths.
pub(super) fn successor_mle(x: &[Fr], y: &[Fr]) -> Fr {
    assert_eq!(x.len(), y.len(), "S(x, y) needs points of equal length");
    // prefix[p] = Π_{i<p} eq(x_i, y_i).
    let mut prefix = Vec::with_capacity(x.len() + 1);
    prefix.push(Fr::ONE);
    for (xi, yi) in x.iter().zip(y) {
        let eq = (*xi * yi).double() - xi - yi + Fr::ONE;
        let last = *prefix.last().expect("prefix starts non-empty");
        prefix.push(last * eq);
    }
    // suffix = Π_{i>p} x_i (1 − y_i), built from the least significant variable up.
    let mut suffix = Fr::ONE;
    let mut total = Fr::ZERO;
    for p in (0..x.len()).rev() {
        total += prefix[p] * (Fr::ONE - x[p]) * y[p] * suffix;
        suffix *= x[p] * (Fr::ONE - y[p]);
    }
    total
}

/// The table $[S(r, c')]_{c' < 2^n} = [0, \widetilde{eq}(r, 0), \dots, \widetilde{eq}(r, 2^n - 2)]$.
pub(super) fn successor_table(r: &[Fr]) -> Vec<Fr> {
    let mut table = EqPolynomial::new(r.to_vec()).evals();
    if let Some(last) = table.last_mut() {
        *last = Fr::ZERO;
    }
    table.rotate_right(1);
    table
}
