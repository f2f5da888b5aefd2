//! Univariate polynomials in coefficient form, and the compressed form sent in sum-check rounds.
//!
//! A sum-check round polynomial $s$ always satisfies $s(0) + s(1) = c$ for the running claim
//! $c$, so its linear coefficient is implied: $c_1 = c - 2c_0 - \sum_{k \ge 2} c_k$. The
//! compressed form drops $c_1$ and saves one field element per round.

use ark_ff::{AdditiveGroup, Field};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

use crate::field::{FieldExt, Fr};

/// $s(X) = \sum_k c_k X^k$, coefficients from the constant term up.
#[derive(Clone, Debug, Default, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct UniPoly {
    coeffs: Vec<Fr>,
}

impl UniPoly {
    /// The polynomial with coefficients `coeffs` (constant term first).
    pub fn from_coeffs(coeffs: Vec<Fr>) -> Self {
        Self { coeffs }
    }

    /// The unique polynomial of degree $\le d$ through $(0, y_0), (1, y_1), \dots, (d, y_d)$.
    ///
    /// Newton's forward differences: $s(X) = \sum_k \frac{\Delta^k y_0}{k!} \prod_{j<k} (X - j)$,
    /// expanded in $O(d^2)$ with a single field inversion.
    ///
    /// # Panics
    /// If `evals` is empty.
    pub fn from_evals(evals: &[Fr]) -> Self {
        assert!(
            !evals.is_empty(),
            "interpolation needs at least one evaluation"
        );
        let d = evals.len() - 1;
        // Forward differences in place: diffs[k] = Δ^k y_0.
        let mut diffs = evals.to_vec();
        for k in 1..=d {
            for i in (k..=d).rev() {
                diffs[i] = diffs[i] - diffs[i - 1];
            }
        }
        // Newton coefficients b_k = Δ^k y_0 / k!, using 1/k! = (k+1)/(k+1)!.
        let factorial = (1..=d as u64).fold(Fr::ONE, |acc, k| acc * Fr::from_u64(k));
        let mut inv_factorial = factorial
            .inverse()
            .expect("k! is non-zero in a field of large characteristic");
        for k in (0..=d).rev() {
            diffs[k] *= inv_factorial;
            inv_factorial *= Fr::from_u64(k.max(1) as u64);
        }
        // Horner over the Newton basis: s = b_0 + (X - 0)(b_1 + (X - 1)(b_2 + ...)).
        let mut coeffs = vec![Fr::ZERO; d + 1];
        coeffs[0] = diffs[d];
        for k in (0..d).rev() {
            // coeffs ← coeffs · (X − k) + b_k, degree grows from d−k−1 to d−k.
            let node = Fr::from_u64(k as u64);
            for i in (1..=d - k).rev() {
                coeffs[i] = coeffs[i - 1] - node * coeffs[i];
            }
            coeffs[0] = diffs[k] - node * coeffs[0];
        }
        Self { coeffs }
    }

    /// Coefficients, constant term first.
    pub fn coeffs(&self) -> &[Fr] {
        &self.coeffs
    }

    /// Degree bound: `coeffs().len() - 1` (trailing zero coefficients are not trimmed), or 0 for
    /// the empty polynomial.
    pub fn degree(&self) -> usize {
        self.coeffs.len().saturating_sub(1)
    }

    /// $s(x)$ by Horner's rule.
    pub fn evaluate(&self, x: &Fr) -> Fr {
        horner(&self.coeffs, x)
    }

    /// $s(0) + s(1)$.
    pub fn sum_over_boolean(&self) -> Fr {
        self.coeffs.first().copied().unwrap_or(Fr::ZERO) + self.coeffs.iter().sum::<Fr>()
    }

    /// $s(X) \cdot (a + bX)$.
    pub fn mul_linear(&self, a: Fr, b: Fr) -> Self {
        let mut coeffs = vec![Fr::ZERO; self.coeffs.len() + 1];
        for (i, c) in self.coeffs.iter().enumerate() {
            coeffs[i] += a * c;
            coeffs[i + 1] += b * c;
        }
        Self { coeffs }
    }

    /// Pads with zero coefficients up to `degree` (no-op if already that long).
    pub fn pad_to_degree(&mut self, degree: usize) {
        if self.coeffs.len() < degree + 1 {
            self.coeffs.resize(degree + 1, Fr::ZERO);
        }
    }

    /// Adds `scale · other` to `self`, growing `self` if `other` is longer.
    pub fn add_scaled(&mut self, scale: Fr, other: &UniPoly) {
        if self.coeffs.len() < other.coeffs.len() {
            self.coeffs.resize(other.coeffs.len(), Fr::ZERO);
        }
        for (c, o) in self.coeffs.iter_mut().zip(&other.coeffs) {
            *c += scale * o;
        }
    }

    /// Drops the linear coefficient (see the module docs).
    ///
    /// # Panics
    /// If the polynomial has fewer than two coefficients (degree 0 has nothing to compress).
    pub fn compress(&self) -> CompressedUniPoly {
        assert!(
            self.coeffs.len() >= 2,
            "only polynomials of degree ≥ 1 compress"
        );
        let mut coeffs_except_linear = Vec::with_capacity(self.coeffs.len() - 1);
        coeffs_except_linear.push(self.coeffs[0]);
        coeffs_except_linear.extend_from_slice(&self.coeffs[2..]);
        CompressedUniPoly {
            coeffs_except_linear,
        }
    }
}

/// A round polynomial without its linear coefficient: $[c_0, c_2, c_3, \dots, c_d]$.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct CompressedUniPoly {
    coeffs_except_linear: Vec<Fr>,
}

impl CompressedUniPoly {
    /// The compressed form from its stored coefficients $[c_0, c_2, \dots, c_d]$.
    pub fn from_coeffs_except_linear(coeffs_except_linear: Vec<Fr>) -> Self {
        Self {
            coeffs_except_linear,
        }
    }

    /// The stored coefficients $[c_0, c_2, \dots, c_d]$.
    pub fn coeffs_except_linear(&self) -> &[Fr] {
        &self.coeffs_except_linear
    }

    /// The degree $d$ this form encodes. $[c_0, c_2, \dots, c_d]$ has $d$ entries, so this is the
    /// stored count (0 when nothing is stored, which no valid round sends).
    pub fn degree(&self) -> usize {
        self.coeffs_except_linear.len()
    }

    /// The linear coefficient implied by $s(0) + s(1) = $ `hint`.
    fn linear_term(&self, hint: &Fr) -> Fr {
        let c0 = self
            .coeffs_except_linear
            .first()
            .copied()
            .unwrap_or(Fr::ZERO);
        let higher: Fr = self.coeffs_except_linear.iter().skip(1).sum();
        *hint - c0.double() - higher
    }

    /// The full polynomial, given `hint` $= s(0) + s(1)$.
    pub fn decompress(&self, hint: &Fr) -> UniPoly {
        let mut coeffs = Vec::with_capacity(self.coeffs_except_linear.len() + 1);
        coeffs.push(
            self.coeffs_except_linear
                .first()
                .copied()
                .unwrap_or(Fr::ZERO),
        );
        coeffs.push(self.linear_term(hint));
        coeffs.extend(self.coeffs_except_linear.iter().skip(1));
        UniPoly { coeffs }
    }

    /// $s(x)$ given `hint` $= s(0) + s(1)$, without allocating.
    pub fn evaluate_with_hint(&self, hint: &Fr, x: &Fr) -> Fr {
        let Some((c0, higher)) = self.coeffs_except_linear.split_first() else {
            // Degree "0" with no constant: the only consistent reading is s = hint·X.
            return *hint * x;
        };
        // s(x) = c0 + c1·x + x²·(c2 + c3·x + ...)
        let tail = horner(higher, x);
        *c0 + self.linear_term(hint) * x + x.square() * tail
    }
}

fn horner(coeffs: &[Fr], x: &Fr) -> Fr {
    coeffs.iter().rev().fold(Fr::ZERO, |acc, c| acc * x + c)
}
