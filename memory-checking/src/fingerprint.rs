//! Fingerprints: one field element per memory tuple.
//!
//! A tuple (address $a$, values $v_1 \dots v_k$, timestamp $t$) is hashed to
//! $$ h(a, v, t) = a + \gamma v_1 + \gamma^2 v_2 + \dots + \gamma^k v_k + \gamma^{k+1} t - \tau, $$
//! so the usual single-value form is $h = a + \gamma v + \gamma^2 t - \tau$ ($k = 1$), and a
//! memory with no value column ($k = 0$, e.g. the range table, whose value is its address) hashes
//! $a + \gamma t - \tau$. Two multisets of tuples with equal products of fingerprints are equal
//! except with probability $\le (k + 1 + m) / |\mathbb{F}|$ over $\gamma, \tau$ for $m$ tuples
//! (Schwartz–Zippel on the product, a polynomial in $\tau$ of degree $m$ whose roots are the
//! tuples' hashes, each a polynomial in $\gamma$ of degree $k + 1$).
//!
//! $h$ is linear in its columns, so the multilinear extension of a fingerprint column is the same
//! combination of the columns' extensions: the verifier checks a fingerprint leaf claim from
//! openings of $a, v_i, t$ at the same point ([`FingerprintChallenges::evaluate`]).
//!
//! The prover computes fingerprint columns straight from compact columns (bits, bytes, 16/32/64-
//! bit words) in parallel chunks, without widening them to field vectors first. Bytes and bits
//! cost no multiplication (a 256-entry table of $c \cdot v$ per chunk).
//!
//! | paper | identifier |
//! |---|---|
//! | $\gamma, \tau$ | [`FingerprintChallenges::gamma`], [`FingerprintChallenges::tau`] |
//! | $\gamma^{k+1}$ | [`FingerprintChallenges::timestamp_coefficient`] |

use ark_ff::{AdditiveGroup, Field};
use math::{Fr, MultilinearPolynomial, SmallValue, Transcript};

use math::parallel::fill_chunks;

/// Transcript labels.
mod label {
    pub(super) const GAMMA: &[u8] = b"memory_checking_gamma";
    pub(super) const TAU: &[u8] = b"memory_checking_tau";
}

/// The random coefficients of the fingerprint, drawn after every commitment is absorbed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FingerprintChallenges {
    /// $\gamma$: separates the columns of a tuple.
    pub gamma: Fr,
    /// $\tau$: the shift making the product a polynomial identity in $\tau$.
    pub tau: Fr,
}

/// Where the address column of a fingerprint comes from.
#[derive(Clone, Copy, Debug)]
pub enum AddressColumn<'a> {
    /// $a_i = i$ on `num_vars` variables (init/final tuples).
    Identity {
        /// Number of variables (the column has $2^n$ entries).
        num_vars: usize,
    },
    /// A witness column.
    Poly(&'a MultilinearPolynomial),
}

impl AddressColumn<'_> {
    fn len(&self) -> usize {
        match self {
            AddressColumn::Identity { num_vars } => 1 << num_vars,
            AddressColumn::Poly(p) => p.len(),
        }
    }
}

impl FingerprintChallenges {
    /// Draws $\gamma$ then $\tau$.
    pub fn sample(transcript: &mut Transcript) -> Self {
        let gamma = transcript.challenge_scalar(label::GAMMA);
        let tau = transcript.challenge_scalar(label::TAU);
        Self { gamma, tau }
    }

    /// $\gamma^{k+1}$, the coefficient of the timestamp for tuples with `num_values` $= k$ values.
    pub fn timestamp_coefficient(&self, num_values: usize) -> Fr {
        self.gamma.pow([num_values as u64 + 1])
    }

    /// $h(a, v, t)$ for one tuple (or for the evaluations of the columns at one point).
    pub fn evaluate(&self, address: Fr, values: &[Fr], timestamp: Fr) -> Fr {
        let mut coefficient = Fr::ONE;
        let mut acc = address - self.tau;
        for v in values {
            coefficient *= self.gamma;
            acc += coefficient * v;
        }
        acc + coefficient * self.gamma * timestamp
    }

    /// The fingerprint column $[h(a_i, v_i, t_i)]_i$ (`timestamp: None` means $t = 0$).
    ///
    /// # Panics
    /// If the columns have different lengths.
    pub fn fingerprints(
        &self,
        address: AddressColumn<'_>,
        values: &[&MultilinearPolynomial],
        timestamp: Option<&MultilinearPolynomial>,
    ) -> Vec<Fr> {
        let len = address.len();
        assert!(
            values.iter().chain(&timestamp).all(|p| p.len() == len),
            "fingerprint columns must have equal lengths"
        );
        let mut coefficients = Vec::with_capacity(values.len() + 1);
        let mut c = Fr::ONE;
        for _ in 0..=values.len() {
            c *= self.gamma;
            coefficients.push(c);
        }
        let mut out = vec![Fr::ZERO; len];
        fill_chunks(&mut out, |start, chunk| {
            match address {
                AddressColumn::Identity { .. } => {
                    for (i, o) in (start..).zip(chunk.iter_mut()) {
                        *o = Fr::from(i as u64) - self.tau;
                    }
                }
                AddressColumn::Poly(p) => {
                    chunk.fill(-self.tau);
                    add_column(chunk, start, p, Fr::ONE);
                }
            }
            for (v, c) in values.iter().zip(&coefficients) {
                add_column(chunk, start, v, *c);
            }
            if let Some(t) = timestamp {
                add_column(chunk, start, t, coefficients[values.len()]);
            }
        });
        out
    }
}

/// `out[i] += coefficient · column[start + i]`, with `coefficient` specialised on 1 and a
/// table of products for bits and bytes.
pub(crate) fn add_column(
    out: &mut [Fr],
    start: usize,
    column: &MultilinearPolynomial,
    coefficient: Fr,
) {
    let range = start..start + out.len();
    match column {
        MultilinearPolynomial::Dense(p) => {
            let evals = &p.evals()[range];
            if coefficient == Fr::ONE {
                out.iter_mut().zip(evals).for_each(|(o, v)| *o += v);
            } else {
                out.iter_mut()
                    .zip(evals)
                    .for_each(|(o, v)| *o += coefficient * v);
            }
        }
        MultilinearPolynomial::Bool(p) => {
            for (o, v) in out.iter_mut().zip(&p.coeffs()[range]) {
                if *v {
                    *o += coefficient;
                }
            }
        }
        MultilinearPolynomial::U8(p) => {
            let mut table = [Fr::ZERO; 256];
            for i in 1..256 {
                table[i] = table[i - 1] + coefficient;
            }
            for (o, v) in out.iter_mut().zip(&p.coeffs()[range]) {
                *o += table[usize::from(*v)];
            }
        }
        MultilinearPolynomial::U16(p) => add_small(out, &p.coeffs()[range], coefficient),
        MultilinearPolynomial::U32(p) => add_small(out, &p.coeffs()[range], coefficient),
        MultilinearPolynomial::U64(p) => add_small(out, &p.coeffs()[range], coefficient),
    }
}

fn add_small<T: SmallValue>(out: &mut [Fr], values: &[T], coefficient: Fr) {
    if coefficient == Fr::ONE {
        out.iter_mut()
            .zip(values)
            .for_each(|(o, v)| *o += v.to_field());
    } else {
        out.iter_mut()
            .zip(values)
            .for_each(|(o, v)| *o += v.mul_field(coefficient));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_std::UniformRand;
    use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
    use math::{CompactPolynomial, DensePolynomial, IdentityPolynomial};

    #[test]
    fn columns_agree_with_the_scalar_formula_and_are_linear() {
        let mut rng = StdRng::seed_from_u64(1);
        let n = 13; // spans several chunks
        let len = 1usize << n;
        let challenges = FingerprintChallenges {
            gamma: Fr::rand(&mut rng),
            tau: Fr::rand(&mut rng),
        };
        let address: MultilinearPolynomial =
            CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u16>()).collect()).into();
        let columns: Vec<MultilinearPolynomial> = vec![
            CompactPolynomial::new((0..len).map(|_| rng.r#gen::<bool>()).collect()).into(),
            CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u8>()).collect()).into(),
            CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u32>()).collect()).into(),
            DensePolynomial::new((0..len).map(|_| Fr::rand(&mut rng)).collect()).into(),
        ];
        let ts: MultilinearPolynomial =
            CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u64>()).collect()).into();
        let refs: Vec<&MultilinearPolynomial> = columns.iter().collect();
        let h = challenges.fingerprints(AddressColumn::Poly(&address), &refs, Some(&ts));
        for i in [0, 1, len / 2, len - 1] {
            let vals: Vec<Fr> = columns.iter().map(|c| c.get(i)).collect();
            assert_eq!(h[i], challenges.evaluate(address.get(i), &vals, ts.get(i)));
        }
        // Linearity: the MLE of h is the same combination of the columns' MLEs.
        let r: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
        let vals: Vec<Fr> = columns.iter().map(|c| c.evaluate(&r)).collect();
        assert_eq!(
            DensePolynomial::new(h).evaluate(&r),
            challenges.evaluate(address.evaluate(&r), &vals, ts.evaluate(&r))
        );
        // Identity addresses, no timestamp.
        let init = challenges.fingerprints(AddressColumn::Identity { num_vars: n }, &refs, None);
        assert_eq!(
            DensePolynomial::new(init).evaluate(&r),
            challenges.evaluate(IdentityPolynomial::new(n).evaluate(&r), &vals, Fr::ZERO)
        );
        assert_eq!(
            challenges.timestamp_coefficient(columns.len()),
            challenges.gamma.pow([5])
        );
    }
}
