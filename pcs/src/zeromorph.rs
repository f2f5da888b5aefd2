//! Zeromorph: multilinear evaluation proofs from KZG (Kohrita–Towa, ePrint 2023/917).
//!
//! # The map $\mathcal U_n$
//! A multilinear $f$ with hypercube evaluations $f_i$ is committed as the univariate
//! $\mathcal U_n(f)(X) = \sum_{i < 2^n} f_i X^i$, i.e. one MSM of its evaluations with
//! $[\tau^i]_1$ (small-scalar path for compact polynomials).
//!
//! The paper names variables by index bit: its $X_k$ is bit $k$ of $i$. In `math`'s order bit
//! $k$ is $x_{n-1-k}$, so the paper's $u_k$ is our `point[n - 1 - k]`; that one line is the only
//! place the two orders meet.
//!
//! # The identity
//! $f(X) - v = \sum_{k<n} (X_k - u_k)\, q_k(X_0, \dots, X_{k-1})$ with
//! $q_{n-1} = f|_{X_{n-1}=1} - f|_{X_{n-1}=0}$ and so on down (our `bind` order: $x_0$ first).
//! Under $\mathcal U_n$, with $\Phi_m(X) = \sum_{i<2^m} X^i$, it becomes
//! $$\mathcal U_n(f) - v\,\Phi_n(X) = \sum_k \big(X^{2^k}\Phi_{n-k-1}(X^{2^{k+1}}) - u_k\,\Phi_{n-k}(X^{2^k})\big)\,\mathcal U_k(q_k).$$
//!
//! # Protocol (after absorbing the claim, §6 of the paper with both checks batched)
//! Let $N = 2^n$ and $D$ the number of SRS powers.
//! 1. Prover commits $\[q_k\]$, $k < n$. Challenge $y$.
//! 2. Prover commits $[\hat q]$, $\hat q = \sum_k y^k X^{N - 2^k}\,\mathcal U_k(q_k)$ (degree
//!    $< N$ exactly when each $q_k$ has degree $< 2^k$). Challenges $x, z$.
//! 3. $\zeta_x = \hat q - \sum_k y^k x^{N-2^k} \mathcal U_k(q_k)$ and $Z_x = \mathcal U_n(f) -
//!    v\Phi_n(x) - \sum_k(\dots)(x)\,\mathcal U_k(q_k)$ both vanish at $x$. With
//!    $P = \zeta_x + z Z_x$ (degree $< N$) and $\pi = P / (X - x)$ (degree $\le N - 2$), the
//!    prover sends $\[W\] = [X^{D - N + 1}\pi]$, committed with the **top** $N - 1$ SRS powers.
//! 4. Verifier forms $\[P\]$ from $[\hat q], \[q_k\], \[f\], \[1\]_1$ in one MSM and checks
//!    $e(\[P\], [\tau^{D - N + 1}]_2) = e(\[W\], [\tau]_2 - x\,\[1\]_2)$, i.e.
//!    $X^{D-N+1} P(X) = (X - x) W(X)$.
//!
//! **The degree check** is step 4's shift. Nobody can commit to degree $\ge D$ (see
//! [`crate::kzg`]), so $W$ has degree $< D$; the identity makes $X^{D-N+1}$ divide $W$ (as
//! $x \ne 0$), so $P = (X - x)\,W/X^{D-N+1}$ has degree $< N$ and vanishes at $x$. With $z$
//! drawn after everything else, both $\zeta_x$ and $Z_x$ then have degree $< N$ and vanish at
//! $x$. $\zeta_x(x) = 0$ for $x$ drawn after $[\hat q], \[q_k\]$ makes $\hat q = \sum_k y^k
//! X^{N-2^k} q_k$ as polynomials, and the part of $\zeta_x$ of degree $\ge N$ vanishing for
//! that random $x$ makes every $q_k$ and $\hat q$ of degree $< N$; then $\deg \hat q < N$ for
//! $y$ drawn after the $q_k$ makes each $\deg q_k < 2^k$. That is the paper's degree check, but
//! relative to $N$ instead of $D$, so no prover MSM is longer than the polynomial: an earlier
//! version shifted by $X^{D - 2^k}$ and paid a $D$-length $\pi$ MSM per opening (with the
//! $2^{24}$-power development SRS of a default run, most of a small proof's time).
//!
//! A polynomial with no variables ($N = 1$) has $\pi = 0$: the verifier requires $\[W\]$ and
//! $\[P\]$ to be the identity (so $f$ is the constant $v$ and $\hat q = 0$).
//!
//! Batching uses $f = \sum_i \rho^i f_i$, $\[f\] = \sum_i \rho^i \[f_i\]$, $v = \sum_i \rho^i v_i$;
//! the commitments fold into the verifier's single MSM.
//!
//! # Costs
//! Prover: MSMs of total size $\approx 2^n$ (quotients) $+ 2^{n-1}$ ($\hat q$) $+ 2^n$ ($W$), all
//! full-width scalars, and $O(2^n)$ field work, whatever the SRS size $D$. Proof: $n + 2$
//! points. Verifier: an MSM of $n + 2 + $ (batch size) points, one $\mathbb G_2$ scalar
//! multiplication and two pairings.

use std::sync::Arc;

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM, pairing::Pairing};
use ark_ff::{AdditiveGroup, Field, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use math::{MultilinearPolynomial, Transcript};

use crate::msm::{msm_field, msm_polynomial};
use crate::{
    CommitmentScheme, KzgSrs, MAX_SETUP_VARS, PcsError, absorb_claims, check_num_vars,
    check_prover_batch, linear_combination,
};

/// The Zeromorph commitment scheme over BN254.
#[derive(Clone, Copy, Debug, Default)]
pub struct Zeromorph;

/// The prover's key: the whole SRS (shared, not copied).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ZeromorphProverKey {
    max_num_vars: usize,
    g1_powers: Arc<Vec<G1Affine>>,
}

/// The verifier's key: $\[1\]_1, \[1\]_2, [\tau]_2$, the SRS size $D$ and the degree-check
/// powers $[\tau^{D - 2^n + 1}]_2$ for $n = 1, \dots, n_{\max}$.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ZeromorphVerifierKey {
    max_num_vars: usize,
    degree_bound: usize,
    g1: G1Affine,
    g2: G2Affine,
    tau_g2: G2Affine,
    degree_check_g2: Vec<G2Affine>,
}

/// A KZG commitment to $\mathcal U_n(f)$.
#[derive(Clone, Copy, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ZeromorphCommitment(pub G1Affine);

/// A Zeromorph opening proof.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ZeromorphProof {
    /// $[\mathcal U_k(q_k)]_1$ for $k = 0, \dots, n-1$.
    pub quotients: Vec<G1Affine>,
    /// $[\hat q]_1$, the batched degree check.
    pub q_hat: G1Affine,
    /// $\[W\]_1 = [X^{D - 2^n + 1}\pi]_1$, the KZG quotient at $x$ shifted to the top of the SRS.
    pub pi: G1Affine,
}

mod labels {
    pub(super) const QUOTIENTS: &[u8] = b"zeromorph/quotients";
    pub(super) const Y: &[u8] = b"zeromorph/y";
    pub(super) const Q_HAT: &[u8] = b"zeromorph/q-hat";
    pub(super) const X: &[u8] = b"zeromorph/x";
    pub(super) const Z: &[u8] = b"zeromorph/z";
}

/// $\Phi_m(a) = \sum_{i < 2^m} a^i = \prod_{j<m} (1 + a^{2^j})$.
fn phi(m: usize, a: Fr) -> Fr {
    let mut result = Fr::ONE;
    let mut pow = a;
    for _ in 0..m {
        result *= Fr::ONE + pow;
        pow.square_in_place();
    }
    result
}

/// $a^{2^k}$.
fn pow_2k(a: Fr, k: usize) -> Fr {
    (0..k).fold(a, |acc, _| acc.square())
}

/// The scalars $s_k$ with $[\zeta_x + z Z_x] = [\hat q] - \sum_k s_k \[q_k\] + z\[f\] - z v \Phi_n(x)[1]$.
fn quotient_scalars(point: &[Fr], x: Fr, y: Fr, z: Fr) -> Vec<Fr> {
    let n = point.len();
    let mut y_k = Fr::ONE;
    (0..n)
        .map(|k| {
            let u_k = point[n - 1 - k];
            let x_2k = pow_2k(x, k);
            let shift = x.pow([(1u64 << n) - (1 << k)]);
            let identity_term = x_2k * phi(n - k - 1, x_2k.square()) - u_k * phi(n - k, x_2k);
            let s = y_k * shift + z * identity_term;
            y_k *= y;
            s
        })
        .collect()
}

/// Multilinear quotients $q_{n-1}, \dots, q_0$ of $f$ at `point` (returned with $q_k$ at index $k$).
fn multilinear_quotients(mut f: Vec<Fr>, point: &[Fr]) -> Vec<Vec<Fr>> {
    let n = point.len();
    let mut quotients = vec![Vec::new(); n];
    for k in (0..n).rev() {
        let u_k = point[n - 1 - k];
        let half = 1 << k;
        let (lo, hi) = f.split_at_mut(half);
        let mut q = vec![Fr::ZERO; half];
        let step = |(q, (l, h)): (&mut Fr, (&mut Fr, &Fr))| {
            *q = *h - *l;
            *l += u_k * *q;
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            q.par_iter_mut()
                .zip(lo.par_iter_mut().zip(hi.par_iter()))
                .with_min_len(1 << 12)
                .for_each(step);
        }
        #[cfg(not(feature = "parallel"))]
        q.iter_mut()
            .zip(lo.iter_mut().zip(hi.iter()))
            .for_each(step);
        f.truncate(half);
        quotients[k] = q;
    }
    quotients
}

impl CommitmentScheme for Zeromorph {
    type Params = KzgSrs;
    type ProverKey = ZeromorphProverKey;
    type VerifierKey = ZeromorphVerifierKey;
    type Commitment = ZeromorphCommitment;
    type Proof = ZeromorphProof;

    const NAME: &'static [u8] = b"zeromorph-bn254";

    fn setup(
        srs: &KzgSrs,
        max_num_vars: usize,
    ) -> Result<(ZeromorphProverKey, ZeromorphVerifierKey), PcsError> {
        if max_num_vars > MAX_SETUP_VARS {
            return Err(PcsError::SetupTooLarge {
                requested: max_num_vars,
                limit: MAX_SETUP_VARS,
            });
        }
        let needed = 1usize << max_num_vars;
        if srs.num_g1_powers() < needed {
            return Err(PcsError::SrsTooSmall {
                needed,
                available: srs.num_g1_powers(),
                max_num_vars,
            });
        }
        let pk = ZeromorphProverKey {
            max_num_vars,
            g1_powers: srs.g1_powers_arc(),
        };
        let vk = ZeromorphVerifierKey {
            max_num_vars,
            degree_bound: srs.num_g1_powers(),
            g1: srs.g1_powers()[0],
            g2: srs.g2(),
            tau_g2: srs.tau_g2(),
            degree_check_g2: srs
                .degree_check_g2()
                .get(..max_num_vars)
                .ok_or(PcsError::InvalidSetup(
                    "the SRS lacks degree-check G2 powers for its size",
                ))?
                .to_vec(),
        };
        Ok((pk, vk))
    }

    fn commit(
        pk: &ZeromorphProverKey,
        poly: &MultilinearPolynomial,
    ) -> Result<ZeromorphCommitment, PcsError> {
        let n = poly.num_vars();
        check_num_vars(n, pk.max_num_vars)?;
        pk.check_size(n)?;
        let _span = tracing::trace_span!("zeromorph::commit", num_vars = n).entered();
        Ok(ZeromorphCommitment(
            msm_polynomial(&pk.g1_powers, poly).into_affine(),
        ))
    }

    fn batch_prove(
        pk: &ZeromorphProverKey,
        polys: &[&MultilinearPolynomial],
        commitments: &[&ZeromorphCommitment],
        point: &[Fr],
        evals: &[Fr],
        transcript: &mut Transcript,
    ) -> Result<ZeromorphProof, PcsError> {
        check_prover_batch(polys, commitments, point, evals, pk.max_num_vars)?;
        pk.check_size(point.len())?;
        let _span = tracing::trace_span!(
            "zeromorph::open",
            num_vars = point.len(),
            batch = polys.len()
        )
        .entered();
        let rho = absorb_claims(Self::NAME, commitments, point, evals, transcript)?;
        let n = point.len();
        let powers = &pk.g1_powers[..];
        let d = powers.len();

        let f = linear_combination(polys, &rho);
        let v: Fr = rho.iter().zip(evals).map(|(r, e)| *r * e).sum();

        // 1. Quotients and their commitments.
        let quotients = multilinear_quotients(f.clone(), point);
        let q_points: Vec<G1Projective> = quotients.iter().map(|q| msm_field(powers, q)).collect();
        let q_commitments = G1Projective::normalize_batch(&q_points);
        transcript.append_points(labels::QUOTIENTS, &q_commitments);
        let y = transcript.challenge_scalar(labels::Y);

        // 2. q_hat = sum_k y^k X^{N - 2^k} q_k, supported on [N - 2^{n-1}, N).
        let size = 1usize << n;
        let top = size / 2;
        let mut q_hat = vec![Fr::ZERO; top];
        let mut y_k = Fr::ONE;
        for (k, q) in quotients.iter().enumerate() {
            let offset = top - (1 << k);
            q_hat[offset..]
                .iter_mut()
                .zip(q)
                .for_each(|(a, b)| *a += y_k * b);
            y_k *= y;
        }
        let q_hat_commitment = msm_field(&powers[size - top..size], &q_hat).into_affine();
        transcript.append_point(labels::Q_HAT, &q_hat_commitment);
        let x = transcript.challenge_scalar(labels::X);
        let z = transcript.challenge_scalar(labels::Z);

        // 3. P = zeta_x + z Z_x as coefficients (degree < N), then pi = P / (X - x).
        let s = quotient_scalars(point, x, y, z);
        let mut combined: Vec<Fr> = f.iter().map(|b| z * b).collect();
        combined[size - top..]
            .iter_mut()
            .zip(&q_hat)
            .for_each(|(a, b)| *a += b);
        for (q, s_k) in quotients.iter().zip(&s) {
            combined[..q.len()]
                .iter_mut()
                .zip(q)
                .for_each(|(a, b)| *a -= *s_k * b);
        }
        combined[0] -= z * v * phi(n, x);
        let pi_coeffs = divide_by_linear(&combined, x);
        // W = X^{D - N + 1} pi: the top N - 1 powers.
        let pi = msm_field(&powers[d - pi_coeffs.len()..], &pi_coeffs).into_affine();
        Ok(ZeromorphProof {
            quotients: q_commitments,
            q_hat: q_hat_commitment,
            pi,
        })
    }

    fn batch_verify(
        vk: &ZeromorphVerifierKey,
        commitments: &[&ZeromorphCommitment],
        point: &[Fr],
        evals: &[Fr],
        proof: &ZeromorphProof,
        transcript: &mut Transcript,
    ) -> Result<(), PcsError> {
        let n = point.len();
        check_num_vars(n, vk.max_num_vars)?;
        // A key decoded from bytes could claim more variables than its SRS has powers for.
        if n > MAX_SETUP_VARS || vk.degree_bound < 1 << n {
            return Err(PcsError::InvalidSetup(
                "the verifier key's SRS is smaller than 2^n",
            ));
        }
        let shift_g2 = match n {
            0 => None,
            _ => Some(*vk.degree_check_g2.get(n - 1).ok_or(PcsError::InvalidSetup(
                "the verifier key has no degree-check power for 2^n",
            ))?),
        };
        if proof.quotients.len() != n {
            return Err(PcsError::ProofShape {
                what: "quotient commitments",
                expected: n,
                got: proof.quotients.len(),
            });
        }
        let rho = absorb_claims(Self::NAME, commitments, point, evals, transcript)?;
        transcript.append_points(labels::QUOTIENTS, &proof.quotients);
        let y = transcript.challenge_scalar(labels::Y);
        transcript.append_point(labels::Q_HAT, &proof.q_hat);
        let x = transcript.challenge_scalar(labels::X);
        let z = transcript.challenge_scalar(labels::Z);

        let v: Fr = rho.iter().zip(evals).map(|(r, e)| *r * e).sum();
        let s = quotient_scalars(point, x, y, z);
        // P = q_hat - sum s_k q_k + z sum rho^i f_i - z v Phi_n(x) [1].
        let mut bases = Vec::with_capacity(n + commitments.len() + 2);
        let mut scalars = Vec::with_capacity(bases.capacity());
        bases.push(proof.q_hat);
        scalars.push(Fr::ONE);
        bases.extend_from_slice(&proof.quotients);
        scalars.extend(s.iter().map(|s_k| -*s_k));
        for (c, r) in commitments.iter().zip(&rho) {
            bases.push(c.0);
            scalars.push(z * r);
        }
        bases.push(vk.g1);
        scalars.push(-(z * v * phi(n, x)));
        let p = G1Projective::msm_unchecked(&bases, &scalars);
        let Some(shift_g2) = shift_g2 else {
            // N = 1: P is a constant vanishing at x, so zero, and so is pi.
            if !p.is_zero() || !proof.pi.is_zero() {
                return Err(PcsError::PairingCheckFailed);
            }
            return Ok(());
        };
        // e(P, [tau^{D-N+1}]_2) = e(W, [tau]_2 - x [1]_2).
        let tau_minus_x = (vk.tau_g2.into_group() - vk.g2 * x).into_affine();
        let check = Bn254::multi_pairing(
            [p.into_affine(), (-proof.pi.into_group()).into_affine()],
            [shift_g2, tau_minus_x],
        );
        if !check.is_zero() {
            return Err(PcsError::PairingCheckFailed);
        }
        Ok(())
    }
}

/// The quotient of $p(X)$ by $(X - x)$ (the remainder $p(x)$ is dropped).
fn divide_by_linear(p: &[Fr], x: Fr) -> Vec<Fr> {
    if p.len() <= 1 {
        return Vec::new();
    }
    let mut q = vec![Fr::ZERO; p.len() - 1];
    let mut carry = Fr::ZERO;
    for i in (1..p.len()).rev() {
        carry = p[i] + x * carry;
        q[i - 1] = carry;
    }
    debug_assert!(
        (p[0] + x * carry).is_zero(),
        "zeromorph: combined polynomial does not vanish at x"
    );
    q
}

impl ZeromorphProverKey {
    /// Largest number of variables this key commits to.
    pub fn max_num_vars(&self) -> usize {
        self.max_num_vars
    }

    /// Errors unless the key holds at least $2^n$ powers (a decoded key might not).
    fn check_size(&self, num_vars: usize) -> Result<(), PcsError> {
        if num_vars > MAX_SETUP_VARS || self.g1_powers.len() < 1 << num_vars {
            return Err(PcsError::InvalidSetup(
                "the prover key's SRS is smaller than 2^n",
            ));
        }
        Ok(())
    }
}

impl ZeromorphVerifierKey {
    /// Largest number of variables this key verifies.
    pub fn max_num_vars(&self) -> usize {
        self.max_num_vars
    }

    /// $D$, the number of SRS powers the degree check is relative to.
    pub fn degree_bound(&self) -> usize {
        self.degree_bound
    }
}
