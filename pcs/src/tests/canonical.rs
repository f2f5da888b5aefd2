//! Canonical encodings: every value has exactly one byte string, and Hyrax commitments list
//! only their non-identity rows.
//!
//! The generic [`every_bit_flip_is_rejected`] runs for both schemes (from the conformance
//! suite); the rest pins the rules the decoders rely on — `ark-serialize`'s own (field
//! elements below the modulus, one flag per point) and ours (the re-encoding in
//! [`decode`], the Hyrax bitmap).

use ark_bn254::{Fq, Fr, G1Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, SerializationError};
use math::{CompactPolynomial, MultilinearPolynomial};

use super::{Fixture, prove_one, random_point, rng, verify_one};
use crate::hyrax::MAX_ROWS;
use crate::{
    CommitmentScheme, Hyrax, HyraxCommitment, HyraxParams, HyraxProof, PcsError,
    ZeromorphCommitment, decode, encode,
};

/// An $n$-variable u8 polynomial whose Hyrax matrix rows `zero_rows` are all zero (and the
/// other rows have no zero entry).
fn poly_with_zero_rows(num_vars: usize, zero_rows: &[usize]) -> MultilinearPolynomial {
    let (_, cols) = crate::hyrax::matrix_shape(num_vars);
    let values: Vec<u8> = (0..1usize << num_vars)
        .map(|i| {
            if zero_rows.contains(&(i / cols)) {
                0
            } else {
                (i % 251 + 1) as u8
            }
        })
        .collect();
    CompactPolynomial::new(values).into()
}

fn hyrax_commit(num_vars: usize, zero_rows: &[usize]) -> HyraxCommitment {
    let (pk, _) = Hyrax::setup(&HyraxParams::default(), num_vars).expect("setup");
    Hyrax::commit(&pk, &poly_with_zero_rows(num_vars, zero_rows)).expect("commit")
}

fn is_deserialization_error<T>(r: &Result<T, PcsError>) -> bool {
    matches!(r, Err(PcsError::Deserialization(_)))
}

/// Flips every bit of an opening's commitment and proof encodings: each flipped string either
/// fails to decode, or decodes to a *different* value (the encoding is injective) that the
/// verifier rejects. Half the matrix rows are zero, so Hyrax's bitmap is exercised.
///
/// A proof is a length prefix and a list of independently encoded scalars or points, so every
/// bit of the prefix and of the first 8 elements and of the last element
/// covers every bit *position* (Hyrax's 32-scalar opening would otherwise take 8,192 verifications).
pub(crate) fn every_bit_flip_is_rejected<S: Fixture>() {
    const FLIPPED_ELEMENTS: usize = 8;
    // Hyrax: 2 rows of 32 columns.
    let n = 6;
    let keys = S::keys(n);
    let poly = poly_with_zero_rows(n, &[1]);
    let point = random_point(n, &mut rng(80));
    let (c, v, proof) = prove_one::<S>(&keys, &poly, &point);
    let (c_bytes, proof_bytes) = (encode(&c), encode(&proof));
    let flipped = |bytes: &[u8], bit: usize| {
        let mut b = bytes.to_vec();
        b[bit / 8] ^= 1 << (bit % 8);
        b
    };
    for bit in 0..c_bytes.len() * 8 {
        if let Ok(other) = decode::<S::Commitment>(&flipped(&c_bytes, bit)) {
            assert_ne!(other, c, "commitment bit {bit}: a second encoding");
            let e = verify_one::<S>(&keys, &other, &point, v, &proof).unwrap_err();
            assert!(e.is_rejection(), "commitment bit {bit}: {e}");
        }
    }
    let head = (8 + 32 * FLIPPED_ELEMENTS).min(proof_bytes.len());
    let tail = proof_bytes.len().saturating_sub(32).max(head);
    for bit in (0..head * 8).chain(tail * 8..proof_bytes.len() * 8) {
        if let Ok(other) = decode::<S::Proof>(&flipped(&proof_bytes, bit)) {
            assert_ne!(other, proof, "proof bit {bit}: a second encoding");
            let e = verify_one::<S>(&keys, &c, &point, v, &other).unwrap_err();
            assert!(e.is_rejection(), "proof bit {bit}: {e}");
        }
    }
}

#[test]
fn hyrax_identity_rows_cost_one_bit_each() {
    // 10 variables: 8 rows of 128 columns; rows 1, 4, 5 and 7 are zero.
    let zero_rows = [1, 4, 5, 7];
    let c = hyrax_commit(10, &zero_rows);
    for (j, row) in c.rows.iter().enumerate() {
        assert_eq!(row.is_zero(), zero_rows.contains(&j), "row {j}");
    }
    assert_eq!(c.occupancy(), vec![0b0100_1101]);
    let bytes = encode(&c);
    assert_eq!(bytes.len(), 8 + 1 + 4 * 32);
    assert_eq!(bytes.len(), c.compressed_size());
    assert_eq!(&bytes[..9], &[8, 0, 0, 0, 0, 0, 0, 0, 0b0100_1101]);
    assert_eq!(decode::<HyraxCommitment>(&bytes).expect("decodes"), c);

    // Uncompressed points round-trip too (64 bytes each).
    let mut raw = Vec::new();
    c.serialize_uncompressed(&mut raw).expect("serialises");
    assert_eq!(raw.len(), 8 + 1 + 4 * 64);
    assert_eq!(raw.len(), c.uncompressed_size());
    let back = HyraxCommitment::deserialize_uncompressed(raw.as_slice()).expect("decodes");
    assert_eq!(back, c);
}

#[test]
fn hyrax_all_identity_and_no_identity_commitments_round_trip() {
    // The zero polynomial: only the row count and the bitmap.
    for n in [0, 1, 2, 3, 6, 7, 9, 12, 13] {
        let rows = crate::hyrax::matrix_shape(n).0;
        let c = hyrax_commit(n, &(0..rows).collect::<Vec<_>>());
        let bytes = encode(&c);
        assert_eq!(bytes.len(), 8 + rows.div_ceil(8), "{n} variables");
        assert_eq!(decode::<HyraxCommitment>(&bytes).expect("decodes"), c);
        let c = hyrax_commit(n, &[]);
        let bytes = encode(&c);
        assert_eq!(
            bytes.len(),
            8 + rows.div_ceil(8) + 32 * rows,
            "{n} variables"
        );
        assert_eq!(decode::<HyraxCommitment>(&bytes).expect("decodes"), c);
    }
    // No rows at all (no setup produces it, but the encoding is total).
    let empty = HyraxCommitment { rows: Vec::new() };
    assert_eq!(encode(&empty), vec![0; 8]);
    assert_eq!(decode::<HyraxCommitment>(&[0; 8]).expect("decodes"), empty);
}

#[test]
fn hyrax_bitmap_padding_bits_are_rejected() {
    // 8 variables, 4 rows: bits 4..8 of the bitmap byte are padding.
    let c = hyrax_commit(8, &[1]);
    let bytes = encode(&c);
    assert_eq!(bytes[8], 0b1101);
    for bit in 4..8 {
        let mut bad = bytes.clone();
        bad[8] |= 1 << bit;
        assert!(
            matches!(
                decode::<HyraxCommitment>(&bad),
                Err(PcsError::Deserialization(SerializationError::InvalidData))
            ),
            "padding bit {bit}"
        );
    }
}

#[test]
fn hyrax_explicit_identity_points_are_rejected() {
    // One row, marked present, holding the (canonical) encoding of the identity.
    let mut identity = Vec::new();
    G1Affine::zero()
        .serialize_compressed(&mut identity)
        .expect("serialises");
    let mut bytes = vec![1, 0, 0, 0, 0, 0, 0, 0, 1];
    bytes.extend(&identity);
    assert!(matches!(
        decode::<HyraxCommitment>(&bytes),
        Err(PcsError::Deserialization(SerializationError::InvalidData))
    ));
    // Marked absent, the point's 32 bytes are left over.
    bytes[8] = 0;
    assert!(matches!(
        decode::<HyraxCommitment>(&bytes),
        Err(PcsError::TrailingBytes(32))
    ));
    assert_eq!(
        decode::<HyraxCommitment>(&bytes[..9]).expect("decodes"),
        HyraxCommitment {
            rows: vec![G1Affine::zero()]
        }
    );
}

#[test]
fn hyrax_row_counts_above_the_largest_setup_are_rejected_without_allocating() {
    for rows in [MAX_ROWS as u64 + 1, 1 << 40, u64::MAX] {
        let mut bytes = rows.to_le_bytes().to_vec();
        bytes.extend([0xFF; 64]);
        assert!(
            matches!(
                decode::<HyraxCommitment>(&bytes),
                Err(PcsError::Deserialization(SerializationError::InvalidData))
            ),
            "{rows} rows"
        );
    }
    // The largest legal count with too few bitmap bytes: a plain read error.
    let mut bytes = (MAX_ROWS as u64).to_le_bytes().to_vec();
    bytes.extend([0u8; 16]);
    assert!(is_deserialization_error(&decode::<HyraxCommitment>(&bytes)));
}

/// A compressed point at infinity whose $x$-bytes are `x` (`ark-serialize` ignores them).
fn infinity_with_x(x: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    Fq::from(x)
        .serialize_compressed(&mut bytes)
        .expect("serialises");
    bytes[31] |= 0x40; // the infinity flag
    bytes
}

#[test]
fn infinity_with_nonzero_x_is_rejected_everywhere() {
    // `ark-serialize` alone accepts it, as the identity:
    let lax = G1Affine::deserialize_compressed(infinity_with_x(1).as_slice()).expect("lax");
    assert!(lax.is_zero());
    // ... `decode` does not, for a bare point or a Zeromorph commitment.
    assert!(
        decode::<G1Affine>(&infinity_with_x(0))
            .expect("canonical")
            .is_zero()
    );
    for x in [1, 2, 1 << 40] {
        assert!(matches!(
            decode::<G1Affine>(&infinity_with_x(x)),
            Err(PcsError::NonCanonical)
        ));
        assert!(matches!(
            decode::<ZeromorphCommitment>(&infinity_with_x(x)),
            Err(PcsError::NonCanonical)
        ));
        // In a Hyrax commitment an identity may not be listed at all.
        let mut bytes = vec![1, 0, 0, 0, 0, 0, 0, 0, 1];
        bytes.extend(infinity_with_x(x));
        assert!(matches!(
            decode::<HyraxCommitment>(&bytes),
            Err(PcsError::Deserialization(SerializationError::InvalidData))
        ));
    }
}

#[test]
fn point_flags_and_coordinates_are_strict() {
    let g = G1Affine::generator();
    let bytes = encode(&g);
    // Both flags (infinity and negative y) at once.
    let mut both = bytes.clone();
    both[31] |= 0xC0;
    assert!(is_deserialization_error(&decode::<G1Affine>(&both)));
    // The other y-sign flag is the negated point: a different value, not a second encoding.
    let mut negated = bytes;
    negated[31] ^= 0x80;
    assert_eq!(decode::<G1Affine>(&negated).expect("decodes"), -g);
    // x = q (the base field's modulus) and x = q + 1 are not below q.
    for extra in [0u64, 1] {
        let mut x = Fq::MODULUS;
        x.add_with_carry(&extra.into());
        let mut bytes = x.to_bytes_le();
        assert_eq!(bytes.len(), 32);
        assert_eq!(bytes[31] & 0xC0, 0, "q fits below the flag bits");
        assert!(is_deserialization_error(&decode::<G1Affine>(&bytes)));
        bytes[31] |= 0x80;
        assert!(is_deserialization_error(&decode::<G1Affine>(&bytes)));
    }
}

#[test]
fn field_elements_at_or_above_the_modulus_are_rejected() {
    let p = Fr::MODULUS;
    let mut below = p;
    below.sub_with_borrow(&1u64.into());
    assert_eq!(
        decode::<Fr>(&below.to_bytes_le()).expect("p - 1 decodes"),
        -Fr::from(1u64)
    );
    let mut above = p;
    above.add_with_carry(&1u64.into());
    let top_bit = {
        let mut b = encode(&Fr::from(5u64));
        b[31] |= 0x80;
        b
    };
    for bytes in [
        p.to_bytes_le(),
        above.to_bytes_le(),
        vec![0xFF; 32],
        top_bit,
    ] {
        assert!(is_deserialization_error(&decode::<Fr>(&bytes)));
        // Inside a proof too: a Hyrax opening whose only scalar is that value.
        let mut proof = encode(&HyraxProof {
            row_combination: vec![Fr::from(0u64)],
        });
        proof[8..].copy_from_slice(&bytes);
        assert!(is_deserialization_error(&decode::<HyraxProof>(&proof)));
    }
}
