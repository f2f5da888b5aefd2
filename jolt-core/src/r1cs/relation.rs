//! $G$, the $\rho$-batched constraint error of one cycle, compiled into a flat sparse form that
//! the zero-check evaluates millions of times (prover) and once (verifier).
//!
//! With $v$ the values of the zero-check's input polynomials ([`Layout`] slots) and the public
//! constants folded in,
//! $$ G(v) = \sum_k \rho^k \big[(A_k v)(B_k v) - (C_k v)\big]
//!         = \kappa + \sum_s \ell_s v_s + \sum_{k \in Q} \rho^k \, a_k(v) \, b_k(v), $$
//! where every $C_k$, and every product with a constant side ($A_k$ or $B_k$ without
//! polynomial terms, e.g. the `* 1` of an equality), is merged into one linear form $\ell$ and
//! constant $\kappa$; only the rows $Q$ with two non-constant sides stay quadratic. Evaluating
//! $G$ then allocates nothing and costs one multiplication per linear slot, two per quadratic
//! row, and one per coefficient of a quadratic side other than $\pm 1$.

use ark_ff::{AdditiveGroup, Field};
use math::Fr;

use super::constraint::LinearCombination;
use super::system::{Layout, Slot, UniformR1cs};

/// A coefficient, with the common $\pm 1$ kept apart so they cost an addition.
#[derive(Clone, Copy, Debug)]
enum Coeff {
    One,
    MinusOne,
    Other(Fr),
}

/// $k_0 + \sum_j k_j v_{s_j}$.
#[derive(Clone, Debug)]
struct SparseForm {
    constant: Fr,
    terms: Vec<(usize, Coeff)>,
}

impl SparseForm {
    #[inline(always)]
    fn evaluate(&self, values: &[Fr]) -> Fr {
        let mut acc = self.constant;
        for &(slot, coeff) in &self.terms {
            match coeff {
                Coeff::One => acc += values[slot],
                Coeff::MinusOne => acc -= values[slot],
                Coeff::Other(k) => acc += values[slot] * k,
            }
        }
        acc
    }
}

/// $\rho^k \, a_k(v) \, b_k(v)$.
#[derive(Clone, Debug)]
struct QuadraticRow {
    weight: Fr,
    a: SparseForm,
    b: SparseForm,
}

/// $G$ for one choice of $\rho$ and public constants.
#[derive(Clone, Debug)]
pub(super) struct Relation {
    constant: Fr,
    linear: Vec<(usize, Fr)>,
    quadratic: Vec<QuadraticRow>,
}

impl Relation {
    /// Compiles `r1cs` with batching challenge `rho` and the statement's `constants`.
    ///
    /// # Panics
    /// If `constants` is shorter than `r1cs.num_constants()` (callers check it first).
    pub(super) fn new(r1cs: &UniformR1cs, rho: Fr, constants: &[Fr]) -> Self {
        let layout = r1cs.layout();
        let mut linear = vec![Fr::ZERO; layout.num_polys()];
        let mut constant = Fr::ZERO;
        let mut quadratic = Vec::new();
        let mut weight = Fr::ONE;
        for constraint in r1cs.constraints() {
            let (a0, a) = fold_constants(&constraint.a, layout, constants);
            let (b0, b) = fold_constants(&constraint.b, layout, constants);
            let (c0, c) = fold_constants(&constraint.c, layout, constants);
            constant -= weight * c0;
            for (slot, k) in c {
                linear[slot] -= weight * k;
            }
            match (a.is_empty(), b.is_empty()) {
                (true, true) => constant += weight * a0 * b0,
                (true, false) => add_scaled(&mut linear, &mut constant, weight * a0, b0, &b),
                (false, true) => add_scaled(&mut linear, &mut constant, weight * b0, a0, &a),
                (false, false) => quadratic.push(QuadraticRow {
                    weight,
                    a: sparse_form(a0, &a),
                    b: sparse_form(b0, &b),
                }),
            }
            weight *= rho;
        }
        let linear = linear
            .into_iter()
            .enumerate()
            .filter(|(_, k)| *k != Fr::ZERO)
            .collect();
        Self {
            constant,
            linear,
            quadratic,
        }
    }

    /// $G(v)$ for slot values `values` (length [`Layout::num_polys`]).
    #[inline]
    pub(super) fn evaluate(&self, values: &[Fr]) -> Fr {
        let mut acc = self.constant;
        for &(slot, k) in &self.linear {
            acc += values[slot] * k;
        }
        for row in &self.quadratic {
            acc += row.weight * row.a.evaluate(values) * row.b.evaluate(values);
        }
        acc
    }
}

/// Splits a combination into its public-constant part (`One`, `Constant(k)`, summed) and its
/// polynomial terms `(slot, coefficient)`.
fn fold_constants(
    lc: &LinearCombination,
    layout: &Layout,
    constants: &[Fr],
) -> (Fr, Vec<(usize, Fr)>) {
    let mut constant = Fr::ZERO;
    let mut terms = Vec::with_capacity(lc.terms().len());
    for &(term, k) in lc.terms() {
        match layout.slot(term) {
            Slot::Poly(slot) => terms.push((slot, k)),
            Slot::One => constant += k,
            Slot::Constant(i) => constant += k * constants[i],
        }
    }
    (constant, terms)
}

/// Adds $s \cdot (k_0 + \sum_j k_j v_{s_j})$ to the linear form and constant.
fn add_scaled(linear: &mut [Fr], constant: &mut Fr, s: Fr, k0: Fr, terms: &[(usize, Fr)]) {
    *constant += s * k0;
    for &(slot, k) in terms {
        linear[slot] += s * k;
    }
}

fn sparse_form(constant: Fr, terms: &[(usize, Fr)]) -> SparseForm {
    let terms = terms
        .iter()
        .map(|&(slot, k)| {
            let coeff = if k == Fr::ONE {
                Coeff::One
            } else if k == -Fr::ONE {
                Coeff::MinusOne
            } else {
                Coeff::Other(k)
            };
            (slot, coeff)
        })
        .collect();
    SparseForm { constant, terms }
}
