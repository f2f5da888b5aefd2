//! The KZG structured reference string: $[\tau^i]_1$ for $i < D$; $\[1\]_2, [\tau]_2$; and the
//! degree-check powers $[\tau^{D - 2^n + 1}]_2$ for $1 \le n \le \lfloor \log_2 D \rfloor$.
//!
//! # ⚠ Development SRS is insecure
//! [`KzgSrs::insecure_dev`] derives $\tau$ from a public seed. **Anyone who knows the seed knows
//! $\tau$ and can forge Zeromorph proofs of any evaluation.** It exists so tests, benches and
//! development runs need no ceremony file. Production use must [`KzgSrs::load`] an SRS from a
//! powers-of-tau ceremony whose $\tau$ nobody knows.
//!
//! # Size is part of the security
//! Zeromorph's degree check (see [`crate::zeromorph`]) has the prover commit to
//! $X^{D - 2^n + 1}\pi(X)$ and relies on nobody being able to commit to degree $\ge D$, where $D$
//! is the number of $\mathbb{G}_1$ powers; the verifier pairs with $[\tau^{D - 2^n + 1}]_2$. An SRS
//! must therefore be used **whole**: a prefix of a larger public ceremony (same $\tau$, more
//! powers) would let a prover who has the larger one forge the degree check. [`KzgSrs::load`]
//! keeps every power in the file, and the setup records $D$ in the verifier key. The prover's
//! work does not grow with $D$: it only reads the top $2^n$ powers.
//!
//! # File format
//! The compressed `ark-serialize` encoding of [`KzgSrs`]: a length-prefixed list of
//! $\mathbb{G}_1$ powers, $\[1\]_2$, $[\tau]_2$, then the length-prefixed list of degree-check
//! powers $[\tau^{D - 2^n + 1}]_2$, $n = 1, 2, \dots$ (a powers-of-tau ceremony with all $D$
//! $\mathbb{G}_2$ powers contains them). Loading validates every point (on curve, in the
//! prime-order subgroup), rejects the identity where a generator is expected, and checks that
//! the powers are consistent — $e([\tau^{i+1}]_1, \[1\]_2) = e([\tau^i]_1, [\tau]_2)$ for all $i$
//! and $e([\tau^{D - 2^n + 1}]_1, \[1\]_2) = e(\[1\]_1, [\tau^{D - 2^n + 1}]_2)$ for all $n$ —
//! each with one random linear combination (MSMs and two pairings).

use std::{
    fs::File,
    io::{BufReader, BufWriter, Read, Write},
    path::Path,
    sync::Arc,
};

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup, VariableBaseMSM, pairing::Pairing};
use ark_ff::{Field, UniformRand, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::SeedableRng;
use math::Transcript;
use rand_chacha::ChaCha20Rng;

use crate::{PcsError, decode, encode};

/// Powers of a secret $\tau$ in $\mathbb{G}_1$; $\[1\]_2, [\tau]_2$ and the degree-check powers
/// in $\mathbb{G}_2$ for the pairing checks.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct KzgSrs {
    g1_powers: Arc<Vec<G1Affine>>,
    g2: G2Affine,
    tau_g2: G2Affine,
    /// Entry $n - 1$ is $[\tau^{D - 2^n + 1}]_2$, for $n = 1, \dots, \lfloor \log_2 D \rfloor$.
    degree_check_g2: Vec<G2Affine>,
}

/// $\lfloor \log_2 D \rfloor$: how many degree-check powers an SRS of $D$ powers has (0 for
/// $D \le 1$).
fn num_degree_checks(num_g1_powers: usize) -> usize {
    if num_g1_powers == 0 {
        0
    } else {
        num_g1_powers.ilog2() as usize
    }
}

/// The exponent $D - 2^n + 1$ of degree-check power $n$ ($1 \le n \le \lfloor \log_2 D \rfloor$).
fn degree_check_exponent(num_g1_powers: usize, n: usize) -> usize {
    num_g1_powers - (1 << n) + 1
}

impl KzgSrs {
    /// **Insecure** SRS with `num_g1_powers` powers of a $\tau$ derived from `seed`.
    ///
    /// Deterministic (ChaCha20 seeded from `seed`), so prover and verifier agree without a
    /// file — and so anyone can recompute $\tau$. Never use it where soundness matters; see the
    /// module docs.
    pub fn insecure_dev(seed: u64, num_g1_powers: usize) -> Self {
        let _span = tracing::debug_span!("kzg::insecure_dev", num_g1_powers).entered();
        let tau = dev_tau(seed);
        let powers = powers_of(tau, num_g1_powers);
        let g1_powers = fixed_base_mul(G1Projective::generator(), &powers);
        Self::dev_from_g1(tau, g1_powers)
    }

    /// The development SRS of `tau` around its $\mathbb{G}_1$ powers.
    fn dev_from_g1(tau: Fr, g1_powers: Vec<G1Affine>) -> Self {
        let g2 = G2Projective::generator();
        let d = g1_powers.len();
        let degree_check: Vec<G2Projective> = (1..=num_degree_checks(d))
            .map(|n| g2 * tau.pow([degree_check_exponent(d, n) as u64]))
            .collect();
        Self {
            g1_powers: Arc::new(g1_powers),
            g2: g2.into_affine(),
            tau_g2: (g2 * tau).into_affine(),
            degree_check_g2: G2Projective::normalize_batch(&degree_check),
        }
    }

    /// Builds an SRS from its parts, validating it as [`load`](Self::load) does.
    /// `degree_check_g2[n - 1]` must be $[\tau^{D - 2^n + 1}]_2$ for $n = 1, \dots, \lfloor
    /// \log_2 D \rfloor$.
    pub fn from_parts(
        g1_powers: Vec<G1Affine>,
        g2: G2Affine,
        tau_g2: G2Affine,
        degree_check_g2: Vec<G2Affine>,
    ) -> Result<Self, PcsError> {
        let srs = Self {
            g1_powers: Arc::new(g1_powers),
            g2,
            tau_g2,
            degree_check_g2,
        };
        srs.validate()?;
        Ok(srs)
    }

    /// The development SRS of `seed` with only its first `len` powers, from this larger one
    /// (same seed) without recomputing them. Only for tests: a prefix of a public SRS is unsafe
    /// for Zeromorph (see the module docs), which is harmless only because the development
    /// SRS's $\tau$ is public anyway.
    #[cfg(test)]
    pub(crate) fn dev_prefix(&self, seed: u64, len: usize) -> Self {
        Self::dev_from_g1(dev_tau(seed), self.g1_powers[..len].to_vec())
    }

    /// Number of $\mathbb{G}_1$ powers $D$ (the degree bound is $D - 1$).
    pub fn num_g1_powers(&self) -> usize {
        self.g1_powers.len()
    }

    /// $[\tau^i]_1$ for $i < D$.
    pub fn g1_powers(&self) -> &[G1Affine] {
        &self.g1_powers
    }

    /// Shared handle on the powers (no copy).
    pub(crate) fn g1_powers_arc(&self) -> Arc<Vec<G1Affine>> {
        Arc::clone(&self.g1_powers)
    }

    /// $\[1\]_2$.
    pub fn g2(&self) -> G2Affine {
        self.g2
    }

    /// $[\tau]_2$.
    pub fn tau_g2(&self) -> G2Affine {
        self.tau_g2
    }

    /// The degree-check powers: entry $n - 1$ is $[\tau^{D - 2^n + 1}]_2$.
    pub fn degree_check_g2(&self) -> &[G2Affine] {
        &self.degree_check_g2
    }

    /// Checks the structure: non-identity generators and consistent powers of one $\tau$.
    pub fn validate(&self) -> Result<(), PcsError> {
        let g1 = &self.g1_powers;
        if g1.is_empty() {
            return Err(PcsError::InvalidSetup("the SRS has no G1 powers"));
        }
        if g1[0].is_zero() || self.g2.is_zero() {
            return Err(PcsError::InvalidSetup("an SRS generator is the identity"));
        }
        if self.tau_g2.is_zero() || self.tau_g2 == self.g2 {
            return Err(PcsError::InvalidSetup("[tau]_2 is trivial (tau is 0 or 1)"));
        }
        let checks = &self.degree_check_g2;
        if checks.len() != num_degree_checks(g1.len()) {
            return Err(PcsError::InvalidSetup(
                "the SRS needs one degree-check G2 power per n with 2^n <= D",
            ));
        }
        if checks.iter().any(|h| h.is_zero()) {
            return Err(PcsError::InvalidSetup(
                "a degree-check G2 power is the identity",
            ));
        }
        if g1.len() == 1 {
            return Ok(());
        }
        // Fiat–Shamir over the whole SRS: the file is fixed before the challenge is known.
        let mut t = Transcript::new(b"lookup-zkvm/kzg-srs-check");
        t.append_bytes(b"srs", &encode(self));
        let r = t.challenge_scalar(b"srs/r");
        // e(sum_n s^n [tau^(D - 2^n + 1)]_1, [1]_2) = e([1]_1, sum_n s^n [tau^(D - 2^n + 1)]_2).
        let s = t.challenge_scalar(b"srs/s");
        let weights = powers_of(s, checks.len());
        let bases: Vec<G1Affine> = (1..=checks.len())
            .map(|n| g1[degree_check_exponent(g1.len(), n)])
            .collect();
        let lhs = G1Projective::msm_unchecked(&bases, &weights);
        let rhs = G2Projective::msm_unchecked(checks, &weights);
        if Bn254::pairing(lhs, self.g2) != Bn254::pairing(g1[0], rhs) {
            return Err(PcsError::InvalidSetup(
                "the degree-check G2 powers are not [tau^(D - 2^n + 1)]_2",
            ));
        }
        let weights = powers_of(r, g1.len() - 1);
        let shifted = G1Projective::msm_unchecked(&g1[1..], &weights);
        let base = G1Projective::msm_unchecked(&g1[..g1.len() - 1], &weights);
        let lhs = Bn254::pairing(shifted, self.g2);
        let rhs = Bn254::pairing(base, self.tau_g2);
        if lhs != rhs {
            return Err(PcsError::InvalidSetup(
                "the G1 powers are not consecutive powers of [tau]_2's tau",
            ));
        }
        Ok(())
    }

    /// Reads and validates an SRS file written by [`save`](Self::save).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, PcsError> {
        let path = path.as_ref();
        let io = |source| PcsError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut bytes = Vec::new();
        BufReader::new(File::open(path).map_err(io)?)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        Self::from_bytes(&bytes)
    }

    /// Decodes and validates an SRS.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PcsError> {
        let srs: Self = decode(bytes)?;
        srs.validate()?;
        Ok(srs)
    }

    /// Writes the SRS (compressed points).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), PcsError> {
        let path = path.as_ref();
        let io = |source| PcsError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut w = BufWriter::new(File::create(path).map_err(io)?);
        w.write_all(&encode(self)).map_err(io)?;
        w.flush().map_err(io)
    }
}

/// The development $\tau$ of `seed` (public: see the module docs).
fn dev_tau(seed: u64) -> Fr {
    Fr::rand(&mut ChaCha20Rng::seed_from_u64(seed))
}

/// $[s_i] G$ for every scalar, by a fixed-base windowed table.
///
/// `ark_ec`'s `ScalarMul::batch_mul` does the same but expands every scalar into a `Vec<bool>`
/// and tests bits one at a time; for $2^{20}$ powers on a 2-core EPYC it took 5.8 s where this
/// takes 3.0 s. Only the development SRS uses it.
fn fixed_base_mul(base: G1Projective, scalars: &[Fr]) -> Vec<G1Affine> {
    use ark_ff::{BigInteger, PrimeField};
    let window: u32 = if scalars.len() < 1 << 12 { 6 } else { 12 };
    let windows = Fr::MODULUS_BIT_SIZE.div_ceil(window);
    // table[j][d] = d * 2^(j * window) * base.
    let mut table = Vec::with_capacity(windows as usize);
    let mut window_base = base;
    for _ in 0..windows {
        let mut row = Vec::with_capacity(1 << window);
        let mut acc = G1Projective::zero();
        for _ in 0..1u32 << window {
            row.push(acc);
            acc += window_base;
        }
        table.push(G1Projective::normalize_batch(&row));
        window_base = acc;
    }
    let mask = (1u64 << window) - 1;
    let mul = |s: &Fr| {
        let bigint = s.into_bigint();
        let limbs = bigint.as_ref();
        let mut acc = G1Projective::zero();
        for (j, row) in table.iter().enumerate() {
            let start = j as u32 * window;
            let (limb, offset) = ((start / 64) as usize, start % 64);
            let mut digit = limbs[limb] >> offset;
            if offset + window > 64 && limb + 1 < limbs.len() {
                digit |= limbs[limb + 1] << (64 - offset);
            }
            let digit = (digit & mask) as usize;
            if digit != 0 {
                acc += &row[digit];
            }
        }
        debug_assert!(bigint.num_bits() <= windows * window);
        acc
    };
    #[cfg(feature = "parallel")]
    let points: Vec<G1Projective> = {
        use rayon::prelude::*;
        scalars.par_iter().with_min_len(1 << 10).map(mul).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let points: Vec<G1Projective> = scalars.iter().map(mul).collect();
    G1Projective::normalize_batch(&points)
}

/// $[1, x, x^2, \dots, x^{n-1}]$, in parallel chunks.
pub(crate) fn powers_of(x: Fr, n: usize) -> Vec<Fr> {
    const CHUNK: usize = 1 << 14;
    let chunk = |c: usize| {
        let start = c * CHUNK;
        let mut p = x.pow([start as u64]);
        (start..(start + CHUNK).min(n))
            .map(|_| {
                let cur = p;
                p *= x;
                cur
            })
            .collect::<Vec<_>>()
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .flat_map_iter(chunk)
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    (0..n.div_ceil(CHUNK)).flat_map(chunk).collect()
}
