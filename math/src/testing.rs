//! Seeded inputs shared by the unit tests.

use ark_ff::{AdditiveGroup, Field};
use ark_std::UniformRand;
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};

use crate::field::Fr;
use crate::poly::{CompactPolynomial, DensePolynomial, MultilinearPolynomial};

pub(crate) fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

pub(crate) fn random_scalars(n: usize, rng: &mut StdRng) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// The hypercube point of index `i` on `n` variables, most significant bit first.
pub(crate) fn bits(i: usize, n: usize) -> Vec<Fr> {
    (0..n)
        .map(|j| {
            if (i >> (n - 1 - j)) & 1 == 1 {
                Fr::ONE
            } else {
                Fr::ZERO
            }
        })
        .collect()
}

/// Every representation a sum-check input can take.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Dense,
    Bool,
    U8,
    U16,
    U32,
    U64,
}

pub(crate) const ALL_KINDS: [Kind; 6] = [
    Kind::Dense,
    Kind::Bool,
    Kind::U8,
    Kind::U16,
    Kind::U32,
    Kind::U64,
];

/// A random polynomial of the given representation; compact ones include the extreme values.
pub(crate) fn random_poly(kind: Kind, num_vars: usize, rng: &mut StdRng) -> MultilinearPolynomial {
    let n = 1usize << num_vars;
    fn small<T: Copy>(
        n: usize,
        rng: &mut StdRng,
        extremes: [T; 2],
        draw: impl Fn(&mut StdRng) -> T,
    ) -> Vec<T> {
        (0..n)
            .map(|_| match rng.gen_range(0..8) {
                0 => extremes[0],
                1 => extremes[1],
                _ => draw(rng),
            })
            .collect()
    }
    match kind {
        Kind::Dense => DensePolynomial::new(random_scalars(n, rng)).into(),
        Kind::Bool => CompactPolynomial::new(small(n, rng, [false, true], |r| r.r#gen())).into(),
        Kind::U8 => CompactPolynomial::new(small(n, rng, [0, u8::MAX], |r| r.r#gen())).into(),
        Kind::U16 => CompactPolynomial::new(small(n, rng, [0, u16::MAX], |r| r.r#gen())).into(),
        Kind::U32 => CompactPolynomial::new(small(n, rng, [0, u32::MAX], |r| r.r#gen())).into(),
        Kind::U64 => CompactPolynomial::new(small(n, rng, [0, u64::MAX], |r| r.r#gen())).into(),
    }
}

/// $\sum_i eq(r, i) v_i$ with the full table: the naive reference for evaluation.
pub(crate) fn naive_evaluate(values: &[Fr], point: &[Fr]) -> Fr {
    let n = point.len();
    (0..values.len())
        .map(|i| {
            let eq: Fr = bits(i, n)
                .iter()
                .zip(point)
                .map(|(b, r)| *b * r + (Fr::ONE - b) * (Fr::ONE - r))
                .product();
            eq * values[i]
        })
        .sum()
}
