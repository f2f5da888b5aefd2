//! The identity polynomial: the multilinear extension of $i \mapsto i$.
//!
//! With the crate's variable order ($x_0$ = most significant bit),
//! $\widetilde{id}(x) = \sum_{j<n} 2^{n-1-j} x_j$. Offline memory checking uses it for the
//! address column of init/final tuples, which the verifier evaluates itself.

use ark_ff::AdditiveGroup;

use super::CompactPolynomial;
use crate::field::Fr;

/// $\widetilde{id}$ on `num_vars` variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdentityPolynomial {
    num_vars: usize,
}

impl IdentityPolynomial {
    /// The identity polynomial on `num_vars` variables.
    ///
    /// # Panics
    /// If `num_vars > 64` (indices would not fit in a `u64`).
    pub fn new(num_vars: usize) -> Self {
        assert!(
            num_vars <= 64,
            "identity polynomial supports at most 64 variables"
        );
        Self { num_vars }
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.num_vars
    }

    /// $\widetilde{id}(r)$ in $O(n)$ (Horner in base 2).
    ///
    /// # Panics
    /// If `point` does not have `num_vars()` coordinates.
    pub fn evaluate(&self, point: &[Fr]) -> Fr {
        assert_eq!(
            point.len(),
            self.num_vars,
            "identity polynomial evaluated at a point with the wrong number of coordinates"
        );
        point.iter().fold(Fr::ZERO, |acc, r| acc.double() + r)
    }

    /// The evaluations $0, 1, \dots, 2^n - 1$, stored compactly.
    pub fn to_compact(&self) -> CompactPolynomial<u64> {
        let len = 1u64
            .checked_shl(u32::try_from(self.num_vars).expect("at most 64 variables"))
            .expect("tables of 2^64 entries cannot be materialised");
        CompactPolynomial::new((0..len).collect())
    }
}
