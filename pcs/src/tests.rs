//! One conformance suite, run by every scheme.
//!
//! `conformance_suite!(module, Scheme)` instantiates the generic checks below for a scheme that
//! implements [`Fixture`]: completeness on 1..=22 variables for every representation, batches,
//! serialisation round trips, and tamper tests that assert the *specific* rejection.

use std::sync::{Arc, OnceLock};

use ark_bn254::{Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{AdditiveGroup, Field, UniformRand};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use math::{CompactPolynomial, DensePolynomial, MultilinearPolynomial, Transcript};

use crate::{CommitmentScheme, Hyrax, HyraxParams, KzgSrs, PcsError, Zeromorph, decode, encode};

mod canonical;

const DOMAIN: &[u8] = b"pcs-conformance";

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// Representations a committed polynomial can take.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Dense,
    Bool,
    U8,
    U16,
    U32,
    U64,
}

const ALL_KINDS: [Kind; 6] = [
    Kind::Dense,
    Kind::Bool,
    Kind::U8,
    Kind::U16,
    Kind::U32,
    Kind::U64,
];

fn random_poly(kind: Kind, num_vars: usize, rng: &mut StdRng) -> MultilinearPolynomial {
    let n = 1usize << num_vars;
    match kind {
        Kind::Dense => DensePolynomial::new((0..n).map(|_| Fr::rand(rng)).collect()).into(),
        Kind::Bool => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<bool>()).collect()).into(),
        Kind::U8 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u8>()).collect()).into(),
        Kind::U16 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u16>()).collect()).into(),
        Kind::U32 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u32>()).collect()).into(),
        Kind::U64 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u64>()).collect()).into(),
    }
}

fn random_point(n: usize, rng: &mut StdRng) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// What the suite needs to know about a scheme beyond the trait.
pub(crate) trait Fixture: CommitmentScheme {
    /// Keys for up to `max_num_vars` variables (cached: setups can be expensive).
    fn keys(max_num_vars: usize) -> Arc<(Self::ProverKey, Self::VerifierKey)>;
    /// The error a false evaluation claim must produce.
    fn wrong_eval_error(e: &PcsError) -> bool;
    /// The error a commitment to another polynomial must produce.
    fn wrong_commitment_error(e: &PcsError) -> bool;
    /// The error opening at a point with coordinate `j` of `n` changed must produce.
    fn wrong_point_error(e: &PcsError, j: usize, n: usize) -> bool;
    /// The error any change to a batched statement must produce. Evaluations and commitments
    /// are absorbed before the batching weights are drawn, so a change re-randomises them.
    fn batch_tamper_error(e: &PcsError) -> bool;
    /// The commitment with (one of) its point(s) replaced by the identity.
    fn with_identity_commitment(c: &Self::Commitment) -> Self::Commitment;
    /// Variants of the proof with each group element (or the whole vector) zeroed.
    fn with_identity_points(p: &Self::Proof) -> Vec<Self::Proof>;
    /// The proof with one element too few.
    fn truncated_shape(p: &Self::Proof) -> Self::Proof;
}

fn prove_one<S: Fixture>(
    keys: &(S::ProverKey, S::VerifierKey),
    poly: &MultilinearPolynomial,
    point: &[Fr],
) -> (S::Commitment, Fr, S::Proof) {
    let c = S::commit(&keys.0, poly).expect("commit");
    let v = poly.evaluate(point);
    let proof = S::prove(&keys.0, poly, &c, point, v, &mut Transcript::new(DOMAIN)).expect("prove");
    (c, v, proof)
}

fn verify_one<S: Fixture>(
    keys: &(S::ProverKey, S::VerifierKey),
    c: &S::Commitment,
    point: &[Fr],
    v: Fr,
    proof: &S::Proof,
) -> Result<(), PcsError> {
    S::verify(&keys.1, c, point, v, proof, &mut Transcript::new(DOMAIN))
}

/// Every size from 1 to `max` variables, cycling through the representations; full-width
/// values up to `max_dense` variables.
pub(crate) fn completeness<S: Fixture>(sizes: core::ops::RangeInclusive<usize>, max_dense: usize) {
    let mut rng = rng(1);
    for n in sizes {
        // Keys sized for exactly this polynomial (a Zeromorph opening costs an MSM the size of
        // the SRS, so one huge SRS for every size would be slower than one SRS per size).
        let keys = S::keys(n);
        let kinds: Vec<Kind> = if n <= 8 {
            ALL_KINDS.to_vec()
        } else {
            let mut k = vec![ALL_KINDS[1 + n % 5]];
            if n <= max_dense {
                k.push(Kind::Dense);
            }
            k
        };
        for kind in kinds {
            let poly = random_poly(kind, n, &mut rng);
            let point = random_point(n, &mut rng);
            let (c, v, proof) = prove_one::<S>(&keys, &poly, &point);
            verify_one::<S>(&keys, &c, &point, v, &proof)
                .unwrap_or_else(|e| panic!("{n} vars, {kind:?}: {e}"));
            // The proof is for exactly this claim.
            assert!(verify_one::<S>(&keys, &c, &point, v + Fr::ONE, &proof).is_err());
        }
    }
}

pub(crate) fn zero_variable_and_constant_polynomials<S: Fixture>() {
    let keys = S::keys(4);
    let mut rng = rng(2);
    let constant: MultilinearPolynomial = DensePolynomial::new(vec![Fr::rand(&mut rng)]).into();
    let (c, v, proof) = prove_one::<S>(&keys, &constant, &[]);
    verify_one::<S>(&keys, &c, &[], v, &proof).expect("0 variables");
    assert!(S::wrong_eval_error(
        &verify_one::<S>(&keys, &c, &[], v + Fr::ONE, &proof).unwrap_err()
    ));
    // All-zero polynomials commit to identities and still open.
    for kind in ALL_KINDS {
        let zero = match kind {
            Kind::Dense => DensePolynomial::zero(4).into(),
            Kind::Bool => CompactPolynomial::new(vec![false; 16]).into(),
            Kind::U8 => CompactPolynomial::new(vec![0u8; 16]).into(),
            Kind::U16 => CompactPolynomial::new(vec![0u16; 16]).into(),
            Kind::U32 => CompactPolynomial::new(vec![0u32; 16]).into(),
            Kind::U64 => CompactPolynomial::new(vec![0u64; 16]).into(),
        };
        let point = random_point(4, &mut rng);
        let (c, v, proof) = prove_one::<S>(&keys, &zero, &point);
        assert_eq!(v, Fr::ZERO);
        verify_one::<S>(&keys, &c, &point, v, &proof).expect("zero polynomial");
    }
}

pub(crate) fn compact_and_dense_commitments_agree<S: Fixture>() {
    let keys = S::keys(9);
    let mut rng = rng(3);
    for kind in ALL_KINDS {
        let poly = random_poly(kind, 9, &mut rng);
        let dense: MultilinearPolynomial = poly.to_dense().into();
        assert_eq!(
            S::commit(&keys.0, &poly).unwrap(),
            S::commit(&keys.0, &dense).unwrap(),
            "{kind:?}"
        );
    }
    // Homomorphic in the committed values: commit(a) and commit(b) combine to commit(a + b)
    // is exercised by batching below; here, the batch commit equals single commits.
    let polys: Vec<_> = ALL_KINDS
        .iter()
        .map(|&k| random_poly(k, 7, &mut rng))
        .collect();
    let refs: Vec<_> = polys.iter().collect();
    let batch = S::commit_batch(&keys.0, &refs).unwrap();
    for (p, c) in polys.iter().zip(&batch) {
        assert_eq!(&S::commit(&keys.0, p).unwrap(), c);
    }
}

struct Batch<S: CommitmentScheme> {
    commitments: Vec<S::Commitment>,
    point: Vec<Fr>,
    evals: Vec<Fr>,
    proof: S::Proof,
}

fn batch<S: Fixture>(keys: &(S::ProverKey, S::VerifierKey), n: usize, seed: u64) -> Batch<S> {
    let mut rng = rng(seed);
    let polys: Vec<_> = (0..7)
        .map(|i| random_poly(ALL_KINDS[i % 6], n, &mut rng))
        .collect();
    let refs: Vec<_> = polys.iter().collect();
    let commitments = S::commit_batch(&keys.0, &refs).unwrap();
    let point = random_point(n, &mut rng);
    let evals: Vec<_> = polys.iter().map(|p| p.evaluate(&point)).collect();
    let crefs: Vec<_> = commitments.iter().collect();
    let proof = S::batch_prove(
        &keys.0,
        &refs,
        &crefs,
        &point,
        &evals,
        &mut Transcript::new(DOMAIN),
    )
    .expect("batch prove");
    Batch {
        commitments,
        point,
        evals,
        proof,
    }
}

fn verify_batch<S: Fixture>(
    keys: &(S::ProverKey, S::VerifierKey),
    commitments: &[S::Commitment],
    point: &[Fr],
    evals: &[Fr],
    proof: &S::Proof,
) -> Result<(), PcsError> {
    let crefs: Vec<_> = commitments.iter().collect();
    S::batch_verify(
        &keys.1,
        &crefs,
        point,
        evals,
        proof,
        &mut Transcript::new(DOMAIN),
    )
}

pub(crate) fn batch_openings<S: Fixture>() {
    let keys = S::keys(11);
    for n in [1, 6, 11] {
        let b = batch::<S>(&keys, n, 10 + n as u64);
        verify_batch::<S>(&keys, &b.commitments, &b.point, &b.evals, &b.proof).expect("batch");

        // One evaluation of the batch changed.
        let mut evals = b.evals.clone();
        evals[3] += Fr::ONE;
        let e = verify_batch::<S>(&keys, &b.commitments, &b.point, &evals, &b.proof).unwrap_err();
        assert!(S::batch_tamper_error(&e), "{e}");

        // Two commitments swapped.
        let mut swapped = b.commitments.clone();
        swapped.swap(0, 1);
        let e = verify_batch::<S>(&keys, &swapped, &b.point, &b.evals, &b.proof).unwrap_err();
        assert!(S::batch_tamper_error(&e), "{e}");

        // Commitments and evaluations swapped together: still a different statement, because
        // the batching weights are bound to positions.
        let mut evals = b.evals.clone();
        evals.swap(0, 1);
        let e = verify_batch::<S>(&keys, &swapped, &b.point, &evals, &b.proof).unwrap_err();
        assert!(S::batch_tamper_error(&e), "{e}");

        // A polynomial dropped from the batch.
        let e = verify_batch::<S>(
            &keys,
            &b.commitments[1..],
            &b.point,
            &b.evals[1..],
            &b.proof,
        )
        .unwrap_err();
        assert!(S::batch_tamper_error(&e), "{e}");

        // A different transcript state: the batching weights change, the proof does not fit.
        let crefs: Vec<_> = b.commitments.iter().collect();
        let mut other = Transcript::new(DOMAIN);
        other.append_u64(b"unrelated", 7);
        let e =
            S::batch_verify(&keys.1, &crefs, &b.point, &b.evals, &b.proof, &mut other).unwrap_err();
        assert!(S::batch_tamper_error(&e), "{e}");
    }
}

pub(crate) fn batch_misuse_is_an_error<S: Fixture>() {
    let keys = S::keys(5);
    let mut rng = rng(20);
    let p = random_poly(Kind::U8, 5, &mut rng);
    let q = random_poly(Kind::U8, 4, &mut rng);
    let point = random_point(5, &mut rng);
    let c = S::commit(&keys.0, &p).unwrap();
    let cq = S::commit(&keys.0, &q).unwrap();
    let v = p.evaluate(&point);
    let mut t = Transcript::new(DOMAIN);
    assert!(matches!(
        S::batch_prove(&keys.0, &[], &[], &point, &[], &mut t),
        Err(PcsError::EmptyBatch)
    ));
    assert!(matches!(
        S::batch_verify(
            &keys.1,
            &[],
            &point,
            &[],
            &S::prove(&keys.0, &p, &c, &point, v, &mut Transcript::new(DOMAIN)).unwrap(),
            &mut t
        ),
        Err(PcsError::EmptyBatch)
    ));
    assert!(matches!(
        S::batch_prove(&keys.0, &[&p], &[&c], &point, &[v, v], &mut t),
        Err(PcsError::BatchLengthMismatch {
            polynomials: 1,
            commitments: 1,
            evaluations: 2
        })
    ));
    assert!(matches!(
        S::batch_prove(&keys.0, &[&p, &q], &[&c, &cq], &point, &[v, v], &mut t),
        Err(PcsError::PointLengthMismatch {
            index: 1,
            num_vars: 4,
            point_len: 5
        })
    ));
    let big = random_poly(Kind::Bool, 6, &mut rng);
    assert!(matches!(
        S::commit(&keys.0, &big),
        Err(PcsError::TooManyVariables {
            num_vars: 6,
            max_num_vars: 5
        })
    ));
    let proof = S::prove(&keys.0, &p, &c, &point, v, &mut Transcript::new(DOMAIN)).unwrap();
    let long_point = random_point(6, &mut rng);
    assert!(matches!(
        verify_one::<S>(&keys, &c, &long_point, v, &proof),
        Err(PcsError::TooManyVariables {
            num_vars: 6,
            max_num_vars: 5
        })
    ));
    // A point of the wrong length for the commitment / proof is a shape rejection.
    let e = verify_one::<S>(&keys, &c, &point[1..], v, &proof).unwrap_err();
    assert!(
        matches!(
            e,
            PcsError::CommitmentShape { .. } | PcsError::ProofShape { .. }
        ),
        "{e}"
    );
}

pub(crate) fn serialisation_round_trips<S: Fixture>() {
    let keys = S::keys(8);
    let b = batch::<S>(&keys, 8, 30);
    let pk: S::ProverKey = decode(&encode(&keys.0)).expect("prover key");
    let vk: S::VerifierKey = decode(&encode(&keys.1)).expect("verifier key");
    assert_eq!(encode(&pk), encode(&keys.0));
    assert_eq!(encode(&vk), encode(&keys.1));
    let commitments: Vec<S::Commitment> = b
        .commitments
        .iter()
        .map(|c| decode(&encode(c)).expect("commitment"))
        .collect();
    assert_eq!(commitments, b.commitments);
    let proof: S::Proof = decode(&encode(&b.proof)).expect("proof");
    assert_eq!(proof, b.proof);
    let keys2 = (pk, vk);
    verify_batch::<S>(&keys2, &commitments, &b.point, &b.evals, &proof).expect("decoded verify");
    // Uncompressed encodings round-trip too.
    let mut bytes = Vec::new();
    b.proof.serialize_uncompressed(&mut bytes).unwrap();
    assert_eq!(
        S::Proof::deserialize_uncompressed(&bytes[..]).unwrap(),
        b.proof
    );
}

pub(crate) fn tamper_wrong_evaluation_point_and_commitment<S: Fixture>() {
    let keys = S::keys(10);
    let mut rng = rng(40);
    for kind in [Kind::Dense, Kind::U8, Kind::Bool] {
        let poly = random_poly(kind, 10, &mut rng);
        let point = random_point(10, &mut rng);
        let (c, v, proof) = prove_one::<S>(&keys, &poly, &point);
        verify_one::<S>(&keys, &c, &point, v, &proof).expect("honest");

        let e = verify_one::<S>(&keys, &c, &point, v + Fr::ONE, &proof).unwrap_err();
        assert!(S::wrong_eval_error(&e), "wrong evaluation: {e}");

        for j in [0, 9] {
            let mut other = point.clone();
            other[j] += Fr::ONE;
            let e = verify_one::<S>(&keys, &c, &other, v, &proof).unwrap_err();
            assert!(
                S::wrong_point_error(&e, j, 10),
                "wrong point coordinate {j}: {e}"
            );
        }

        let other_poly = random_poly(kind, 10, &mut rng);
        let other_c = S::commit(&keys.0, &other_poly).unwrap();
        let e = verify_one::<S>(&keys, &other_c, &point, v, &proof).unwrap_err();
        assert!(S::wrong_commitment_error(&e), "wrong commitment: {e}");

        // A proof for another polynomial with the same evaluation claim does not transfer.
        let (_, _, other_proof) = prove_one::<S>(&keys, &other_poly, &point);
        assert!(
            verify_one::<S>(&keys, &c, &point, v, &other_proof)
                .unwrap_err()
                .is_rejection()
        );
    }
}

pub(crate) fn tamper_identity_and_shape<S: Fixture>() {
    let keys = S::keys(7);
    let mut rng = rng(50);
    let poly = random_poly(Kind::U16, 7, &mut rng);
    let point = random_point(7, &mut rng);
    let (c, v, proof) = prove_one::<S>(&keys, &poly, &point);

    let e =
        verify_one::<S>(&keys, &S::with_identity_commitment(&c), &point, v, &proof).unwrap_err();
    assert!(S::wrong_commitment_error(&e), "identity commitment: {e}");
    for (i, bad) in S::with_identity_points(&proof).iter().enumerate() {
        let e = verify_one::<S>(&keys, &c, &point, v, bad).unwrap_err();
        assert!(e.is_rejection(), "identity proof element {i}: {e}");
    }
    let e = verify_one::<S>(&keys, &c, &point, v, &S::truncated_shape(&proof)).unwrap_err();
    assert!(matches!(e, PcsError::ProofShape { .. }), "shape: {e}");
}

pub(crate) fn tamper_bytes<S: Fixture>() {
    let keys = S::keys(6);
    let mut rng = rng(60);
    let poly = random_poly(Kind::Dense, 6, &mut rng);
    let point = random_point(6, &mut rng);
    let (c, v, proof) = prove_one::<S>(&keys, &poly, &point);
    let proof_bytes = encode(&proof);
    let c_bytes = encode(&c);

    // Truncated anywhere: a decoding error, never a panic.
    for cut in [0, 1, 7, proof_bytes.len() / 2, proof_bytes.len() - 1] {
        let e = decode::<S::Proof>(&proof_bytes[..cut]).unwrap_err();
        assert!(
            matches!(e, PcsError::Deserialization(_)),
            "cut at {cut}: {e}"
        );
    }
    for cut in [0, c_bytes.len() - 1] {
        assert!(matches!(
            decode::<S::Commitment>(&c_bytes[..cut]),
            Err(PcsError::Deserialization(_))
        ));
    }
    // Trailing garbage.
    let mut long = proof_bytes.clone();
    long.push(0);
    assert!(matches!(
        decode::<S::Proof>(&long),
        Err(PcsError::TrailingBytes(1))
    ));
    // A huge length prefix does not allocate or panic.
    let mut huge = proof_bytes.clone();
    huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(decode::<S::Proof>(&huge).is_err());

    // Off-curve: rewrite the x-coordinate of the last commitment point until it is not on the
    // curve (about half of all x are not). Compressed points end the encoding.
    let off_curve = off_curve_g1_bytes(&c_bytes);
    let e = decode::<S::Commitment>(&off_curve).unwrap_err();
    assert!(
        matches!(e, PcsError::Deserialization(_)),
        "off-curve commitment: {e}"
    );

    // Random corruption (1-4 bytes changed, sometimes resized): decoding or verification
    // fails, and nothing panics.
    for _ in 0..300 {
        let mut bad = proof_bytes.clone();
        for _ in 0..rng.gen_range(1..=4) {
            let i = rng.gen_range(0..bad.len());
            bad[i] = rng.r#gen();
        }
        match rng.gen_range(0..4) {
            0 => bad.truncate(rng.gen_range(0..bad.len())),
            1 => bad.extend((0..rng.gen_range(1..64)).map(|_| rng.r#gen::<u8>())),
            _ => {}
        }
        if let Ok(p) = decode::<S::Proof>(&bad)
            && p != proof
        {
            assert!(verify_one::<S>(&keys, &c, &point, v, &p).is_err());
        }
    }

    // Flipping any byte of the proof is never accepted.
    for i in (0..proof_bytes.len()).step_by(proof_bytes.len().div_ceil(24)) {
        let mut bad = proof_bytes.clone();
        bad[i] ^= 0x04;
        if let Ok(p) = decode::<S::Proof>(&bad) {
            assert!(
                verify_one::<S>(&keys, &c, &point, v, &p).is_err(),
                "byte {i} flipped"
            );
        }
    }
}

/// The encoding with its last compressed G1 point replaced by an x that is not on the curve.
fn off_curve_g1_bytes(bytes: &[u8]) -> Vec<u8> {
    use ark_bn254::Fq;
    let start = bytes.len() - 32;
    let mut x = Fq::from(3u64);
    loop {
        if G1Affine::get_point_from_x_unchecked(x, false).is_none() {
            let mut out = bytes.to_vec();
            let mut xb = Vec::new();
            x.serialize_compressed(&mut xb).unwrap();
            out[start..].copy_from_slice(&xb);
            return out;
        }
        x += Fq::ONE;
    }
}

macro_rules! conformance_suite {
    ($module:ident, $scheme:ty, $max_completeness:expr, $max_dense:expr) => {
        mod $module {
            use super::*;

            #[test]
            fn completeness_small_sizes_every_representation() {
                completeness::<$scheme>(1..=12, 12);
            }

            #[test]
            fn completeness_large_sizes() {
                completeness::<$scheme>(13..=$max_completeness, $max_dense);
            }

            #[test]
            fn zero_variables_and_zero_polynomials() {
                zero_variable_and_constant_polynomials::<$scheme>();
            }

            #[test]
            fn compact_and_dense_commit_identically() {
                compact_and_dense_commitments_agree::<$scheme>();
            }

            #[test]
            fn batched_openings_and_batch_tampering() {
                batch_openings::<$scheme>();
            }

            #[test]
            fn api_misuse_is_a_clear_error() {
                batch_misuse_is_an_error::<$scheme>();
            }

            #[test]
            fn serialisation_round_trips() {
                super::serialisation_round_trips::<$scheme>();
            }

            #[test]
            fn tamper_evaluation_point_commitment() {
                tamper_wrong_evaluation_point_and_commitment::<$scheme>();
            }

            #[test]
            fn tamper_identity_points_and_shapes() {
                tamper_identity_and_shape::<$scheme>();
            }

            #[test]
            fn tamper_bytes_truncated_trailing_off_curve() {
                tamper_bytes::<$scheme>();
            }

            #[test]
            fn every_bit_flip_of_an_opening_is_rejected() {
                canonical::every_bit_flip_is_rejected::<$scheme>();
            }
        }
    };
}

// ----- Hyrax -----

impl Fixture for Hyrax {
    fn keys(max_num_vars: usize) -> Arc<(Self::ProverKey, Self::VerifierKey)> {
        Arc::new(Hyrax::setup(&HyraxParams::default(), max_num_vars).expect("hyrax setup"))
    }
    fn wrong_eval_error(e: &PcsError) -> bool {
        matches!(e, PcsError::EvaluationMismatch)
    }
    fn wrong_commitment_error(e: &PcsError) -> bool {
        matches!(e, PcsError::CommitmentCheckFailed)
    }
    fn wrong_point_error(e: &PcsError, j: usize, n: usize) -> bool {
        // A row coordinate changes L (commitment check); a column coordinate changes R'.
        if j < crate::hyrax::row_vars(n) {
            matches!(e, PcsError::CommitmentCheckFailed)
        } else {
            matches!(e, PcsError::EvaluationMismatch)
        }
    }
    fn batch_tamper_error(e: &PcsError) -> bool {
        matches!(
            e,
            PcsError::CommitmentCheckFailed | PcsError::EvaluationMismatch
        )
    }
    fn with_identity_commitment(c: &Self::Commitment) -> Self::Commitment {
        let mut c = c.clone();
        c.rows[0] = G1Affine::zero();
        c
    }
    fn with_identity_points(p: &Self::Proof) -> Vec<Self::Proof> {
        let mut zeroed = p.clone();
        zeroed
            .row_combination
            .iter_mut()
            .for_each(|x| *x = Fr::ZERO);
        vec![zeroed]
    }
    fn truncated_shape(p: &Self::Proof) -> Self::Proof {
        let mut p = p.clone();
        p.row_combination.pop();
        p
    }
}

conformance_suite!(hyrax, Hyrax, 22, 20);

// ----- Zeromorph -----

/// The development SRS with exactly `2^num_vars` powers: a prefix of one shared SRS (all dev
/// SRSs of one seed share tau, so this equals generating it afresh, only cheaper).
fn dev_srs(num_vars: usize) -> KzgSrs {
    static SMALL: OnceLock<KzgSrs> = OnceLock::new();
    static LARGE: OnceLock<KzgSrs> = OnceLock::new();
    let shared = if num_vars <= 16 {
        SMALL.get_or_init(|| KzgSrs::insecure_dev(0x5eed, 1 << 16))
    } else {
        LARGE.get_or_init(|| KzgSrs::insecure_dev(0x5eed, 1 << 22))
    };
    shared.dev_prefix(0x5eed, 1 << num_vars)
}

#[test]
fn dev_srs_prefixes_equal_fresh_dev_srs() {
    assert_eq!(dev_srs(5), KzgSrs::insecure_dev(0x5eed, 32));
}

impl Fixture for Zeromorph {
    fn keys(max_num_vars: usize) -> Arc<(Self::ProverKey, Self::VerifierKey)> {
        Arc::new(Zeromorph::setup(&dev_srs(max_num_vars), max_num_vars).expect("zeromorph setup"))
    }
    fn wrong_eval_error(e: &PcsError) -> bool {
        matches!(e, PcsError::PairingCheckFailed)
    }
    fn wrong_commitment_error(e: &PcsError) -> bool {
        matches!(e, PcsError::PairingCheckFailed)
    }
    fn wrong_point_error(e: &PcsError, _: usize, _: usize) -> bool {
        matches!(e, PcsError::PairingCheckFailed)
    }
    fn batch_tamper_error(e: &PcsError) -> bool {
        matches!(e, PcsError::PairingCheckFailed)
    }
    fn with_identity_commitment(_: &Self::Commitment) -> Self::Commitment {
        crate::ZeromorphCommitment(G1Affine::zero())
    }
    fn with_identity_points(p: &Self::Proof) -> Vec<Self::Proof> {
        let mut out = Vec::new();
        for i in 0..p.quotients.len() {
            let mut q = p.clone();
            q.quotients[i] = G1Affine::zero();
            out.push(q);
        }
        let mut q = p.clone();
        q.q_hat = G1Affine::zero();
        out.push(q);
        let mut q = p.clone();
        q.pi = G1Affine::zero();
        out.push(q);
        out
    }
    fn truncated_shape(p: &Self::Proof) -> Self::Proof {
        let mut p = p.clone();
        p.quotients.pop();
        p
    }
}

conformance_suite!(zeromorph, Zeromorph, 22, 18);

// ----- Scheme-specific checks -----

#[test]
fn hyrax_generators_are_deterministic_distinct_and_label_bound() {
    let a = crate::hyrax::derive_generators(b"label-a", 64);
    assert_eq!(a, crate::hyrax::derive_generators(b"label-a", 64));
    let b = crate::hyrax::derive_generators(b"label-b", 64);
    assert!(a.iter().zip(&b).all(|(x, y)| x != y));
    let mut sorted = a.clone();
    sorted.sort_by_key(encode);
    sorted.dedup();
    assert_eq!(sorted.len(), 64);
    assert!(a.iter().all(|p| p.is_on_curve() && !p.is_zero()));
}

#[test]
fn hyrax_key_decoding_rejects_identity_generators() {
    let (pk, _) = Hyrax::setup(&HyraxParams::default(), 4).unwrap();
    let mut bytes = encode(&pk);
    // The last generator becomes the identity (compressed infinity flag, bit 6 of the last byte).
    let n = bytes.len();
    bytes[n - 32..].fill(0);
    bytes[n - 1] = 0x40;
    // Control: those 32 bytes are a valid encoding of the identity, so the rejection below is
    // the key's own check, not a malformed point.
    assert!(decode::<G1Affine>(&bytes[n - 32..]).unwrap().is_zero());
    assert!(matches!(
        decode::<crate::HyraxKey>(&bytes),
        Err(PcsError::Deserialization(_))
    ));
}

#[test]
fn hyrax_commitment_size_is_rows_and_proof_size_is_columns() {
    // 13 variables: 2^(6 - 2) rows of 2^9 columns.
    let keys = <Hyrax as Fixture>::keys(13);
    let mut rng = rng(70);
    let poly = random_poly(Kind::U8, 13, &mut rng);
    let point = random_point(13, &mut rng);
    let (c, _, proof) = prove_one::<Hyrax>(&keys, &poly, &point);
    assert_eq!(c.rows.len(), 16);
    assert_eq!(proof.row_combination.len(), 512);
}

#[test]
fn zeromorph_proof_has_n_plus_two_points() {
    let keys = <Zeromorph as Fixture>::keys(9);
    let mut rng = rng(71);
    let poly = random_poly(Kind::U8, 9, &mut rng);
    let point = random_point(9, &mut rng);
    let (_, _, proof) = prove_one::<Zeromorph>(&keys, &poly, &point);
    assert_eq!(proof.quotients.len(), 9);
    assert_eq!(encode(&proof).len(), 8 + 9 * 32 + 2 * 32);
}

#[test]
fn zeromorph_works_with_an_srs_larger_than_the_polynomials() {
    // D = 2^10 powers, polynomials of 0..=8 variables: W sits at the top of the SRS, paired
    // with [tau^(D - 2^n + 1)]_2.
    let srs = dev_srs(10);
    let keys = Arc::new(Zeromorph::setup(&srs, 8).unwrap());
    assert_eq!(keys.1.degree_bound(), 1 << 10);
    // The same tau with D = 2^9 powers: its degree-check powers are other exponents.
    let smaller = Arc::new(Zeromorph::setup(&dev_srs(9), 8).unwrap());
    let mut rng = rng(72);
    for n in 0..=8 {
        let poly = random_poly(Kind::U32, n, &mut rng);
        let point = random_point(n, &mut rng);
        let (c, v, proof) = prove_one::<Zeromorph>(&keys, &poly, &point);
        verify_one::<Zeromorph>(&keys, &c, &point, v, &proof).expect("larger SRS");
        assert!(matches!(
            verify_one::<Zeromorph>(&keys, &c, &point, v - Fr::ONE, &proof),
            Err(PcsError::PairingCheckFailed)
        ));
        if n > 0 {
            // A proof is bound to its SRS size D (commitments agree: same tau, same low powers).
            assert!(matches!(
                verify_one::<Zeromorph>(&smaller, &c, &point, v, &proof),
                Err(PcsError::PairingCheckFailed)
            ));
        }
    }
}

#[test]
fn zeromorph_setup_needs_a_large_enough_srs() {
    let srs = dev_srs(5);
    assert!(matches!(
        Zeromorph::setup(&srs, 6),
        Err(PcsError::SrsTooSmall {
            needed: 64,
            available: 32,
            max_num_vars: 6
        })
    ));
    assert!(matches!(
        Zeromorph::setup(&srs, 41),
        Err(PcsError::SetupTooLarge { requested: 41, .. })
    ));
}

#[test]
fn kzg_srs_file_round_trip_and_validation() {
    let srs = dev_srs(6);
    srs.validate().expect("dev SRS is consistent");
    let path = std::env::temp_dir().join(format!("pcs-srs-test-{}.bin", std::process::id()));
    srs.save(&path).unwrap();
    let loaded = KzgSrs::load(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(loaded, srs);

    let missing = KzgSrs::load("/nonexistent/dir/srs.bin").unwrap_err();
    assert!(matches!(missing, PcsError::Io { .. }), "{missing}");
    assert!(missing.to_string().contains("/nonexistent/dir/srs.bin"));

    let g1 = srs.g1_powers().to_vec();
    let checks = srs.degree_check_g2().to_vec();
    assert_eq!(checks.len(), 6);
    // Identity [tau]_2.
    let e = KzgSrs::from_parts(g1.clone(), srs.g2(), G2Affine::zero(), checks.clone()).unwrap_err();
    assert!(matches!(e, PcsError::InvalidSetup(_)), "{e}");
    // Identity first power.
    let mut bad = g1.clone();
    bad[0] = G1Affine::zero();
    assert!(matches!(
        KzgSrs::from_parts(bad, srs.g2(), srs.tau_g2(), checks.clone()),
        Err(PcsError::InvalidSetup(_))
    ));
    // Two powers swapped: not consecutive powers of one tau.
    let mut bad = g1.clone();
    bad.swap(3, 4);
    assert!(matches!(
        KzgSrs::from_parts(bad, srs.g2(), srs.tau_g2(), checks.clone()),
        Err(PcsError::InvalidSetup(_))
    ));
    // [tau]_2 from another tau.
    let other = KzgSrs::insecure_dev(0xbad, 2);
    assert!(matches!(
        KzgSrs::from_parts(g1.clone(), srs.g2(), other.tau_g2(), checks.clone()),
        Err(PcsError::InvalidSetup(_))
    ));
    // A degree-check power missing, the identity, or of the wrong exponent (the next one's).
    let e =
        KzgSrs::from_parts(g1.clone(), srs.g2(), srs.tau_g2(), checks[..5].to_vec()).unwrap_err();
    assert!(matches!(e, PcsError::InvalidSetup(_)), "{e}");
    let mut bad = checks.clone();
    bad[2] = G2Affine::zero();
    assert!(matches!(
        KzgSrs::from_parts(g1.clone(), srs.g2(), srs.tau_g2(), bad),
        Err(PcsError::InvalidSetup(_))
    ));
    let mut bad = checks.clone();
    bad.swap(2, 3);
    assert!(matches!(
        KzgSrs::from_parts(g1.clone(), srs.g2(), srs.tau_g2(), bad),
        Err(PcsError::InvalidSetup(_))
    ));
    KzgSrs::from_parts(g1, srs.g2(), srs.tau_g2(), checks).expect("the parts themselves");
    // Truncated file.
    let bytes = encode(&srs);
    assert!(matches!(
        KzgSrs::from_bytes(&bytes[..bytes.len() - 5]),
        Err(PcsError::Deserialization(_))
    ));
}

#[test]
fn kzg_srs_rejects_g2_points_outside_the_subgroup() {
    use ark_bn254::{Fq2, g2::Config};
    use ark_ec::short_weierstrass::Affine;
    let srs = dev_srs(3);
    // A point on the twist curve that is (overwhelmingly likely) not in the r-torsion.
    let mut x = Fq2::ONE;
    let outside = loop {
        if let Some(p) = Affine::<Config>::get_point_from_x_unchecked(x, false)
            && !p.is_in_correct_subgroup_assuming_on_curve()
        {
            break p;
        }
        x += Fq2::ONE;
    };
    let mut bytes = Vec::new();
    srs.g1_powers_arc()
        .serialize_compressed(&mut bytes)
        .unwrap();
    srs.g2().serialize_compressed(&mut bytes).unwrap();
    // Control: the same layout with the real [tau]_2 decodes and validates.
    let mut good = bytes.clone();
    srs.tau_g2().serialize_compressed(&mut good).unwrap();
    srs.degree_check_g2()
        .to_vec()
        .serialize_compressed(&mut good)
        .unwrap();
    assert_eq!(KzgSrs::from_bytes(&good).unwrap(), srs);
    outside.serialize_compressed(&mut bytes).unwrap();
    srs.degree_check_g2()
        .to_vec()
        .serialize_compressed(&mut bytes)
        .unwrap();
    let e = KzgSrs::from_bytes(&bytes).unwrap_err();
    assert!(matches!(e, PcsError::Deserialization(_)), "{e}");
}

#[test]
fn dev_srs_is_deterministic_in_its_seed() {
    assert_eq!(KzgSrs::insecure_dev(9, 8), KzgSrs::insecure_dev(9, 8));
    assert_ne!(KzgSrs::insecure_dev(9, 8), KzgSrs::insecure_dev(10, 8));
}

#[test]
fn zeromorph_keys_too_small_for_the_point_are_errors_not_panics() {
    use crate::{ZeromorphProverKey, ZeromorphVerifierKey};
    let (pk, vk) = Zeromorph::setup(&dev_srs(4), 4).unwrap();
    // Re-encode the keys claiming 6 variables over a 16-power SRS.
    let mut pk_bytes = encode(&pk);
    pk_bytes[..8].copy_from_slice(&6u64.to_le_bytes());
    let bad_pk: ZeromorphProverKey = decode(&pk_bytes).unwrap();
    let mut vk_bytes = encode(&vk);
    vk_bytes[..8].copy_from_slice(&6u64.to_le_bytes());
    let bad_vk: ZeromorphVerifierKey = decode(&vk_bytes).unwrap();
    let mut rng = rng(80);
    let poly = random_poly(Kind::U8, 6, &mut rng);
    assert!(matches!(
        Zeromorph::commit(&bad_pk, &poly),
        Err(PcsError::InvalidSetup(_))
    ));
    let point = random_point(6, &mut rng);
    let proof = crate::ZeromorphProof {
        quotients: vec![G1Affine::zero(); 6],
        q_hat: G1Affine::zero(),
        pi: G1Affine::zero(),
    };
    let c = crate::ZeromorphCommitment(G1Affine::zero());
    let e = Zeromorph::verify(
        &bad_vk,
        &c,
        &point,
        Fr::ZERO,
        &proof,
        &mut Transcript::new(DOMAIN),
    )
    .unwrap_err();
    assert!(matches!(e, PcsError::InvalidSetup(_)), "{e}");
}
