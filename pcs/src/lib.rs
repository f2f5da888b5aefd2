//! `pcs`: multilinear polynomial commitment schemes over BN254.
//!
//! A [`CommitmentScheme`] commits to a multilinear polynomial given by its $2^n$ evaluations on
//! the Boolean hypercube (in `math`'s variable order: index bit $n-1-j$ is $x_j$) and later proves
//! $\tilde f(r) = v$. Two schemes implement it:
//!
//! | scheme | setup | commitment | opening proof | verifier |
//! |---|---|---|---|---|
//! | [`Hyrax`] | transparent (generators hashed from a label) | $2^{\lfloor n/2 \rfloor - 2}$ points | $2^{\lceil n/2 \rceil + 2}$ scalars | two MSMs |
//! | [`Zeromorph`] | KZG powers of $\tau$ ([`KzgSrs`]) | 1 point | $n + 2$ points | one MSM, two pairings |
//!
//! Both take compact small-valued polynomials ([`MultilinearPolynomial::U8`] etc.) without
//! widening them: commitments run the small-scalar MSM of [`msm`], which sizes Pippenger's
//! windows by the values' actual bit width. That is the prover's single biggest saving
//! (DESIGN.md §7); the benches measure it against `ark_ec`'s `VariableBaseMSM`.
//!
//! # Measured (2-core AMD EPYC, `cargo bench -p benches --bench pcs`)
//! | | Hyrax | Zeromorph |
//! |---|---|---|
//! | commit $2^{20}$ bools / u8 / u16 / u32 | 60 / 123 / 245 / 487 ms | 46 / 92 / 127 / 253 ms |
//! | commit $2^{20}$ random field elements | 3.71 s | 2.10 s |
//! | open $2^{20}$ / $2^{22}$ | 10 ms / 40 ms | 5.7 s / 26.0 s |
//! | verify $2^{20}$ / $2^{22}$ | 8.9 ms / 18.7 ms | 1.3 ms / 1.3 ms |
//! | 50 × $2^{16}$ u16: commit / open / verify | 1.55 s / 65 ms / 40 ms | 450 ms / 495 ms / 1.8 ms |
//!
//! Hyrax pays at commit time (one MSM per matrix row) and in proof size ($2^{\lceil n/2\rceil + 2}$
//! scalars per opened size) and verifier work; Zeromorph pays at opening time (MSMs of full-width quotients,
//! $\approx 2.5\times$ the polynomial's size) but verifies in two pairings.
//!
//! # Batching and Fiat–Shamir
//! [`CommitmentScheme::batch_prove`] opens many polynomials at one point. Before any challenge it
//! absorbs the scheme's name, the point, every claimed evaluation and every commitment; only then
//! does it draw $\rho$ and open $\sum_i \rho^i f_i$ against $\sum_i \rho^i C_i$ at claim
//! $\sum_i \rho^i v_i$. A single opening is a batch of one. The transcript is passed per call, so
//! the caller decides what it is bound to before (DESIGN.md §2).
//!
//! # Untrusted bytes
//! Commitments, proofs and keys serialise with `ark-serialize`. [`decode`] validates every point
//! (on the curve, in the prime-order subgroup), rejects trailing bytes and accepts only the
//! canonical encoding (one byte string per value); [`HyraxCommitment`]s list only their
//! non-identity rows, behind a bitmap. Verifiers check every length against the shape the
//! *point* implies before indexing, and return [`PcsError`] — they never panic on proof bytes.
//!
//! # References
//! - Wahby, Tzialla, shelat, Thaler, Walfish, *Doubly-efficient zkSNARKs without trusted setup*
//!   (Hyrax), ePrint 2017/1132, §6.
//! - Kohrita, Towa, *Zeromorph: Zero-Knowledge Multilinear-Evaluation Proofs from Homomorphic
//!   Univariate Commitments*, ePrint 2023/917, §5–6.
//! - Kate, Zaverucha, Goldberg, *Constant-size commitments to polynomials and their
//!   applications* (KZG), ASIACRYPT 2010.

mod error;
pub mod hyrax;
pub mod kzg;
pub mod msm;
pub mod zeromorph;

#[cfg(test)]
mod tests;

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use core::fmt::Debug;
use math::{Fr, MultilinearPolynomial, Transcript};

pub use error::PcsError;
pub use hyrax::{Hyrax, HyraxCommitment, HyraxKey, HyraxParams, HyraxProof};
pub use kzg::KzgSrs;
pub use zeromorph::{
    Zeromorph, ZeromorphCommitment, ZeromorphProof, ZeromorphProverKey, ZeromorphVerifierKey,
};

/// Hard limit on `max_num_vars` for any setup (2^40 evaluations is far beyond any trace).
pub const MAX_SETUP_VARS: usize = 40;

/// A multilinear polynomial commitment scheme with batched openings at one point.
///
/// The statement proved by an opening is "the polynomials committed to in `commitments`
/// evaluate to `evals` at `point`". Protocol messages are bound to the caller's `transcript`.
pub trait CommitmentScheme: Sized + Send + Sync + 'static {
    /// What setup is derived from: a label for Hyrax, an SRS for Zeromorph.
    type Params: Send + Sync;
    /// What the prover needs (serialisable, so preprocessing can be saved).
    type ProverKey: Clone + Debug + Send + Sync + CanonicalSerialize + CanonicalDeserialize;
    /// What the verifier needs.
    type VerifierKey: Clone + Debug + Send + Sync + CanonicalSerialize + CanonicalDeserialize;
    /// A commitment to one polynomial.
    type Commitment: Clone
        + Debug
        + PartialEq
        + Eq
        + Send
        + Sync
        + CanonicalSerialize
        + CanonicalDeserialize;
    /// An opening proof (single or batched).
    type Proof: Clone + Debug + PartialEq + Send + Sync + CanonicalSerialize + CanonicalDeserialize;

    /// Name absorbed into the transcript, so proofs of one scheme never verify as another's.
    const NAME: &'static [u8];

    /// Keys for polynomials of up to `max_num_vars` variables.
    fn setup(
        params: &Self::Params,
        max_num_vars: usize,
    ) -> Result<(Self::ProverKey, Self::VerifierKey), PcsError>;

    /// Commits to one polynomial, using the small-value path for compact representations.
    fn commit(
        pk: &Self::ProverKey,
        poly: &MultilinearPolynomial,
    ) -> Result<Self::Commitment, PcsError>;

    /// Commits to many polynomials (they may have different sizes).
    fn commit_batch(
        pk: &Self::ProverKey,
        polys: &[&MultilinearPolynomial],
    ) -> Result<Vec<Self::Commitment>, PcsError> {
        polys.iter().map(|p| Self::commit(pk, p)).collect()
    }

    /// Proves `polys[i](point) = evals[i]` for all `i` with one proof.
    ///
    /// `commitments[i]` must be the commitment of `polys[i]`; every polynomial must have
    /// `point.len()` variables.
    fn batch_prove(
        pk: &Self::ProverKey,
        polys: &[&MultilinearPolynomial],
        commitments: &[&Self::Commitment],
        point: &[Fr],
        evals: &[Fr],
        transcript: &mut Transcript,
    ) -> Result<Self::Proof, PcsError>;

    /// Checks a proof made by [`batch_prove`](Self::batch_prove).
    fn batch_verify(
        vk: &Self::VerifierKey,
        commitments: &[&Self::Commitment],
        point: &[Fr],
        evals: &[Fr],
        proof: &Self::Proof,
        transcript: &mut Transcript,
    ) -> Result<(), PcsError>;

    /// Proves `poly(point) = eval` (a batch of one).
    fn prove(
        pk: &Self::ProverKey,
        poly: &MultilinearPolynomial,
        commitment: &Self::Commitment,
        point: &[Fr],
        eval: Fr,
        transcript: &mut Transcript,
    ) -> Result<Self::Proof, PcsError> {
        Self::batch_prove(pk, &[poly], &[commitment], point, &[eval], transcript)
    }

    /// Checks a proof made by [`prove`](Self::prove).
    fn verify(
        vk: &Self::VerifierKey,
        commitment: &Self::Commitment,
        point: &[Fr],
        eval: Fr,
        proof: &Self::Proof,
        transcript: &mut Transcript,
    ) -> Result<(), PcsError> {
        Self::batch_verify(vk, &[commitment], point, &[eval], proof, transcript)
    }
}

/// Decodes a compressed `ark-serialize` encoding, validating every point (on curve, in the
/// subgroup), rejecting trailing bytes and rejecting any encoding other than the canonical one.
///
/// Canonical means `encode(decode(bytes)) == bytes`: since decoding and encoding are both
/// functions, at most one byte string decodes to each value, so encoded commitments, keys and
/// proofs can be hashed, deduplicated and signed. `ark-serialize` alone already rejects field
/// elements $\ge p$, points off the curve and both point flags set, but it ignores the
/// $x$-bytes of a point at infinity; the re-encoding catches that and anything like it.
pub fn decode<T: CanonicalDeserialize + CanonicalSerialize>(bytes: &[u8]) -> Result<T, PcsError> {
    let mut reader = bytes;
    let value = T::deserialize_compressed(&mut reader)?;
    if !reader.is_empty() {
        return Err(PcsError::TrailingBytes(reader.len()));
    }
    if encode(&value) != bytes {
        return Err(PcsError::NonCanonical);
    }
    Ok(value)
}

/// The compressed `ark-serialize` encoding of `value`.
pub fn encode<T: CanonicalSerialize>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(value.compressed_size());
    // Writing into a Vec cannot fail.
    value
        .serialize_compressed(&mut bytes)
        .expect("serialising into a Vec<u8> is infallible");
    bytes
}

/// Transcript labels shared by both schemes.
mod labels {
    pub(crate) const SCHEME: &[u8] = b"pcs/scheme";
    pub(crate) const BATCH_SIZE: &[u8] = b"pcs/batch-size";
    pub(crate) const POINT: &[u8] = b"pcs/point";
    pub(crate) const EVALS: &[u8] = b"pcs/evals";
    pub(crate) const COMMITMENT: &[u8] = b"pcs/commitment";
    pub(crate) const RHO: &[u8] = b"pcs/batch-rho";
}

/// Checks the batch lists agree and absorbs the whole claim — scheme, point, evaluations and
/// commitments — before drawing the batching powers $1, \rho, \rho^2, \dots$.
pub(crate) fn absorb_claims<C: CanonicalSerialize>(
    scheme: &'static [u8],
    commitments: &[&C],
    point: &[Fr],
    evals: &[Fr],
    transcript: &mut Transcript,
) -> Result<Vec<Fr>, PcsError> {
    if commitments.is_empty() {
        return Err(PcsError::EmptyBatch);
    }
    if commitments.len() != evals.len() {
        return Err(PcsError::BatchLengthMismatch {
            polynomials: commitments.len(),
            commitments: commitments.len(),
            evaluations: evals.len(),
        });
    }
    transcript.append_bytes(labels::SCHEME, scheme);
    transcript.append_u64(labels::BATCH_SIZE, commitments.len() as u64);
    transcript.append_scalars(labels::POINT, point);
    transcript.append_scalars(labels::EVALS, evals);
    for c in commitments {
        transcript.append_bytes(labels::COMMITMENT, &encode(*c));
    }
    Ok(transcript.challenge_powers(labels::RHO, commitments.len()))
}

/// Errors when `num_vars` exceeds what the key supports.
pub(crate) fn check_num_vars(num_vars: usize, max_num_vars: usize) -> Result<(), PcsError> {
    if num_vars > max_num_vars {
        return Err(PcsError::TooManyVariables {
            num_vars,
            max_num_vars,
        });
    }
    Ok(())
}

/// Prover-side checks of a batch: list lengths and variable counts.
pub(crate) fn check_prover_batch<C>(
    polys: &[&MultilinearPolynomial],
    commitments: &[&C],
    point: &[Fr],
    evals: &[Fr],
    max_num_vars: usize,
) -> Result<(), PcsError> {
    if polys.is_empty() {
        return Err(PcsError::EmptyBatch);
    }
    if polys.len() != commitments.len() || polys.len() != evals.len() {
        return Err(PcsError::BatchLengthMismatch {
            polynomials: polys.len(),
            commitments: commitments.len(),
            evaluations: evals.len(),
        });
    }
    check_num_vars(point.len(), max_num_vars)?;
    for (index, p) in polys.iter().enumerate() {
        if p.num_vars() != point.len() {
            return Err(PcsError::PointLengthMismatch {
                index,
                num_vars: p.num_vars(),
                point_len: point.len(),
            });
        }
        debug_assert_eq!(
            p.evaluate(point),
            evals[index],
            "batch_prove: claim {index} is false"
        );
    }
    Ok(())
}

/// $\sum_i c_i f_i$ as dense evaluations.
pub(crate) fn linear_combination(polys: &[&MultilinearPolynomial], coeffs: &[Fr]) -> Vec<Fr> {
    use math::FieldExt;
    let len = polys.first().map_or(0, |p| p.len());
    let mut out = vec![Fr::from_u8(0); len];
    for (p, &c) in polys.iter().zip(coeffs) {
        add_scaled(&mut out, c, msm::Scalars::of(p));
    }
    out
}

/// `acc[i] += c * s[i]`, multiplying small values without widening them first; parallel over
/// chunks with the `parallel` feature.
pub(crate) fn add_scaled(acc: &mut [Fr], c: Fr, s: msm::Scalars<'_>) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        const CHUNK: usize = 1 << 12;
        acc.par_chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(i, chunk)| {
                let start = i * CHUNK;
                add_scaled_serial(chunk, c, s.slice(start..start + chunk.len()));
            });
    }
    #[cfg(not(feature = "parallel"))]
    add_scaled_serial(acc, c, s);
}

/// `acc[i] += c * s[i]` on one thread (bits add `c` or nothing).
pub(crate) fn add_scaled_serial(acc: &mut [Fr], c: Fr, s: msm::Scalars<'_>) {
    use math::SmallValue;
    fn go<T: Copy>(acc: &mut [Fr], s: &[T], f: impl Fn(T) -> Fr) {
        acc.iter_mut().zip(s).for_each(|(a, &v)| *a += f(v));
    }
    match s {
        msm::Scalars::Field(s) => go(acc, s, |v| c * v),
        msm::Scalars::Bool(s) => {
            acc.iter_mut()
                .zip(s)
                .filter(|(_, b)| **b)
                .for_each(|(a, _)| *a += c);
        }
        msm::Scalars::U8(s) => go(acc, s, |v| v.mul_field(c)),
        msm::Scalars::U16(s) => go(acc, s, |v| v.mul_field(c)),
        msm::Scalars::U32(s) => go(acc, s, |v| v.mul_field(c)),
        msm::Scalars::U64(s) => go(acc, s, |v| v.mul_field(c)),
    }
}
