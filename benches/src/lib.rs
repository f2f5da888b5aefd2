//! `benches`: measurement of every layer.
//!
//! Criterion benches report wall-clock time; iai-callgrind benches report instruction counts,
//! which are repeatable on noisy machines and catch regressions in the hot kernels. This library
//! holds the seeded inputs both share, so the two measure the same workloads.
//!
//! Run: `cargo bench -p benches --bench math` (criterion) and
//! `cargo bench -p benches --bench math_iai` (needs `iai-callgrind-runner`, see the README).

use ark_std::UniformRand;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use math::{CompactPolynomial, DensePolynomial, Fr};

/// The seeded generator every bench input comes from.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// `n` uniformly random field elements.
pub fn random_scalars(n: usize, seed: u64) -> Vec<Fr> {
    let mut rng = rng(seed);
    (0..n).map(|_| Fr::rand(&mut rng)).collect()
}

/// A dense polynomial on `num_vars` variables with random evaluations.
pub fn random_dense(num_vars: usize, seed: u64) -> DensePolynomial {
    DensePolynomial::new(random_scalars(1 << num_vars, seed))
}

/// A compact polynomial of random bytes (the shape of a lookup chunk column).
pub fn random_bytes(num_vars: usize, seed: u64) -> CompactPolynomial<u8> {
    use ark_std::rand::Rng;
    let mut rng = rng(seed);
    CompactPolynomial::new((0..1usize << num_vars).map(|_| rng.r#gen()).collect())
}

/// A compact polynomial of uniformly random values of type `T` (bits, bytes, chunks, words).
pub fn random_compact<T>(num_vars: usize, seed: u64) -> CompactPolynomial<T>
where
    T: math::SmallValue,
    ark_std::rand::distributions::Standard: ark_std::rand::distributions::Distribution<T>,
{
    use ark_std::rand::Rng;
    let mut rng = rng(seed);
    CompactPolynomial::new((0..1usize << num_vars).map(|_| rng.r#gen()).collect())
}
