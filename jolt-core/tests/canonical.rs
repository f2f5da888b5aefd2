//! Canonical proofs: one proof, one byte string.
//!
//! [`JoltProof::from_bytes`] accepts only the canonical encoding (it re-encodes what it decoded
//! and requires the same bytes), and Hyrax commitments list only their non-identity rows. So a
//! single flipped bit either breaks decoding or yields a *different* proof, which the verifier
//! must reject. These tests flip bits of real proofs of a tiny program for both schemes and
//! require every flipped file to be rejected, without a panic.
//!
//! A proof of even the smallest program is over 100 KB (the read-only memory checking of the
//! instruction-lookup subtables does not shrink with the trace), so instead of every bit the
//! tests flip 20,000 distinct seeded random positions, plus (for Hyrax) 2,000 more among the
//! framing bits that [`HyraxCommitment`]'s compact encoding adds (row counts and bitmaps). Set
//! `JOLT_BITFLIPS=N` to flip `N` random positions instead (`N` at least the proof's bit count:
//! every bit).

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use ark_serialize::CanonicalSerialize;
use jolt_core::pcs::{CommitmentScheme, Hyrax, HyraxCommitment, HyraxParams, KzgSrs, Zeromorph};
use jolt_core::{JoltProof, PublicIo, VerifierPreprocessing, VerifyError};
use tracer::asm::*;
use tracer::{MemoryConfig, Opcode, Program};

/// The smallest layout: one page each of program, guard and stack; no input or output.
fn config() -> MemoryConfig {
    MemoryConfig {
        memory_size: 3 << 12,
        stack_size: 4 << 10,
        max_input_size: 0,
        max_output_size: 0,
    }
}

/// Stores and loads a word in the stack page, adds, and exits with 7: every component has work,
/// and the trace pads to the minimum of 2^4 cycles.
fn program() -> Program {
    let mut code = Vec::new();
    code.extend(li(5, 3));
    code.extend(li(7, 0x8000_2ff0)); // in the stack page
    code.push(s(Opcode::Sw, 5, 0, 7));
    code.push(i(Opcode::Lw, 6, 7, 0));
    code.push(r(Opcode::Add, 10, 5, 6));
    code.extend(exit(7));
    let words = assemble(&code).expect("assembles");
    Program::from_words(&words, config()).expect("loads")
}

/// Bits flipped at random unless `JOLT_BITFLIPS` says otherwise.
const DEFAULT_FLIPS: usize = 20_000;

/// Extra flips among the bits of the Hyrax commitments' row counts and bitmaps.
const FRAMING_FLIPS: usize = 2_000;

/// An honest proof of [`program`], its bytes, and what verifying needs.
struct Fixture<C: CommitmentScheme> {
    vp: VerifierPreprocessing<C>,
    io: PublicIo,
    proof: JoltProof<C>,
    bytes: Vec<u8>,
}

fn fixture<C: CommitmentScheme>(params: &C::Params) -> Fixture<C> {
    let (pp, vp) = jolt_core::preprocess::<C>(&program(), 4, params).expect("preprocesses");
    let (io, proof) = jolt_core::prove(&pp, &[]).expect("proves");
    assert_eq!(io.exit_code, 7);
    jolt_core::verify(&vp, &io, &proof).expect("the honest proof verifies");
    let bytes = proof.to_bytes();
    JoltProof::<C>::from_bytes(&bytes).expect("the honest proof decodes");
    Fixture {
        vp,
        io,
        proof,
        bytes,
    }
}

fn hyrax() -> Fixture<Hyrax> {
    fixture(&HyraxParams::default())
}

fn zeromorph() -> Fixture<Zeromorph> {
    // A fixed seed (insecure, for tests only).
    fixture(&KzgSrs::insecure_dev(0xC0FFEE, 1 << 19))
}

/// The point at infinity's one compressed encoding: $x = 0$ and the infinity flag.
fn is_identity<P: CanonicalSerialize>(point: &P) -> bool {
    let mut bytes = Vec::new();
    point.serialize_compressed(&mut bytes).expect("serialises");
    bytes.len() == 32 && bytes[..31].iter().all(|b| *b == 0) && bytes[31] == 0x40
}

/// Where the commitments' encodings start: after `log_cycles` (u32) and the list's length (u64).
const COMMITMENTS_START: usize = 4 + 8;

/// What became of one flipped file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// `from_bytes` refused it as malformed (bad length, flag, point or field element).
    Malformed,
    /// `from_bytes` decoded it but it was not the canonical encoding.
    NonCanonical,
    /// It decoded to a different proof, which the verifier rejected.
    RejectedByVerifier,
    /// Accepted: a failure.
    Accepted,
    /// Decoding or verifying panicked: a failure.
    Panicked,
}

fn flip_and_check<C: CommitmentScheme>(f: &Fixture<C>, bit: usize) -> Outcome {
    let mut bytes = f.bytes.clone();
    bytes[bit / 8] ^= 1 << (bit % 8);
    let run = || match JoltProof::<C>::from_bytes(&bytes) {
        Err(VerifyError::NonCanonical) => Outcome::NonCanonical,
        Err(_) => Outcome::Malformed,
        Ok(proof) => match jolt_core::verify(&f.vp, &f.io, &proof) {
            Err(_) => Outcome::RejectedByVerifier,
            Ok(()) => Outcome::Accepted,
        },
    };
    catch_unwind(AssertUnwindSafe(run)).unwrap_or(Outcome::Panicked)
}

/// `count` distinct bit positions below `bits`, from a fixed seed (all of them when
/// `count >= bits`).
fn sample_bits(bits: usize, count: usize, seed: u64) -> BTreeSet<usize> {
    if count >= bits {
        return (0..bits).collect();
    }
    let mut state = seed | 1;
    let mut chosen = BTreeSet::new();
    while chosen.len() < count {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        chosen.insert((state % bits as u64) as usize);
    }
    chosen
}

fn flips_requested() -> usize {
    std::env::var("JOLT_BITFLIPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_FLIPS)
}

/// Flips each bit in `bits` (in parallel over the available cores), asserts that every flipped
/// file is rejected without a panic, and prints how each was rejected.
fn every_flip_is_rejected<C: CommitmentScheme>(f: &Fixture<C>, bits: BTreeSet<usize>, name: &str) {
    let bits: Vec<usize> = bits.into_iter().collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let start = Instant::now();
    let outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let workers: Vec<_> = bits
            .chunks(bits.len().div_ceil(threads).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|&bit| (bit, flip_and_check(f, bit)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("workers catch their panics"))
            .collect()
    });
    let count = |o: Outcome| outcomes.iter().filter(|(_, x)| *x == o).count();
    eprintln!(
        "{name}: {} of {} bits flipped in {:.1?} on {threads} threads: {} malformed, {} \
         non-canonical, {} decoded and rejected by the verifier, {} accepted, {} panicked",
        outcomes.len(),
        f.bytes.len() * 8,
        start.elapsed(),
        count(Outcome::Malformed),
        count(Outcome::NonCanonical),
        count(Outcome::RejectedByVerifier),
        count(Outcome::Accepted),
        count(Outcome::Panicked),
    );
    let failures: Vec<_> = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Accepted | Outcome::Panicked))
        .take(20)
        .collect();
    assert!(failures.is_empty(), "{name}: flipped bits {failures:?}");
}

/// Bit positions of every Hyrax commitment's row count and bitmap (its framing).
fn hyrax_framing_bits(proof: &JoltProof<Hyrax>) -> BTreeSet<usize> {
    let mut bits = BTreeSet::new();
    let mut at = COMMITMENTS_START;
    for c in &proof.commitments {
        let framing = 8 + c.rows.len().div_ceil(8);
        bits.extend(at * 8..(at + framing) * 8);
        at += c.compressed_size();
    }
    bits
}

#[test]
fn hyrax_proof_bit_flips_are_all_rejected() {
    let f = hyrax();
    let mut bits = sample_bits(f.bytes.len() * 8, flips_requested(), 0x0048_7972_6178);
    let framing: Vec<usize> = hyrax_framing_bits(&f.proof).into_iter().collect();
    let picked = sample_bits(framing.len(), FRAMING_FLIPS, 0x6269_746d_6170);
    eprintln!(
        "hyrax: {} of the commitments' {} framing bits flipped",
        picked.len(),
        framing.len()
    );
    bits.extend(picked.into_iter().map(|k| framing[k]));
    bits.extend(0..COMMITMENTS_START * 8);
    every_flip_is_rejected(&f, bits, "hyrax");
}

#[test]
fn zeromorph_proof_bit_flips_are_all_rejected() {
    let f = zeromorph();
    let mut bits = sample_bits(f.bytes.len() * 8, flips_requested(), 0x5a65_726f);
    bits.extend(0..COMMITMENTS_START * 8);
    every_flip_is_rejected(&f, bits, "zeromorph");
}

/// The bytes of `f`'s proof with `edit` applied, decoded.
fn edited<C: CommitmentScheme>(
    f: &Fixture<C>,
    edit: impl FnOnce(&mut Vec<u8>),
) -> Result<JoltProof<C>, VerifyError> {
    let mut bytes = f.bytes.clone();
    edit(&mut bytes);
    JoltProof::<C>::from_bytes(&bytes)
}

#[test]
fn an_identity_commitment_with_nonzero_x_bytes_is_non_canonical() {
    // Zeromorph commits to a zero polynomial with the point at infinity (32 bytes, flag 0x40);
    // ark-serialize ignores its x-bytes, `from_bytes` does not.
    let f = zeromorph();
    let zero = f
        .proof
        .commitments
        .iter()
        .position(|c| is_identity(&c.0))
        .expect("some committed column of this program is all zero");
    let at = COMMITMENTS_START + 32 * zero;
    assert_eq!(f.bytes[at + 31], 0x40, "the identity's flag byte");
    for (byte, value) in [(0, 1u8), (5, 0x80), (31, 0x41)] {
        let result = edited(&f, |b| b[at + byte] = value);
        assert!(
            matches!(result, Err(VerifyError::NonCanonical)),
            "x byte {byte} set to {value:#x}: {:?}",
            result.map(|_| ())
        );
    }
    assert_eq!(VerifyError::NonCanonical.component(), "format");
}

#[test]
fn hyrax_framing_and_trailing_bytes_are_rejected() {
    let f = hyrax();
    // A commitment with fewer than 8 rows has padding bits in its bitmap; setting one is
    // refused (it would otherwise be a second encoding of the same proof).
    let mut at = COMMITMENTS_START;
    let mut padded = None;
    for c in &f.proof.commitments {
        if c.rows.len() % 8 != 0 {
            padded = Some((at + 8, c.rows.len()));
            break;
        }
        at += c.compressed_size();
    }
    let (bitmap, rows) = padded.expect("a commitment with fewer than 8 rows");
    let result = edited(&f, |b| b[bitmap] |= 0x80 >> (7 - rows % 8).min(7));
    assert!(
        matches!(result, Err(VerifyError::Malformed(_))),
        "{:?}",
        result.map(|_| ())
    );
    // Trailing and missing bytes.
    assert!(matches!(
        edited(&f, |b| b.push(0)),
        Err(VerifyError::Malformed(_))
    ));
    assert!(matches!(
        edited(&f, |b| {
            b.pop();
        }),
        Err(VerifyError::Malformed(_))
    ));
}

/// The bytes the pre-bitmap encoding spent on each commitment: a `Vec` of compressed points.
fn legacy_commitment_bytes(c: &HyraxCommitment) -> usize {
    8 + 32 * c.rows.len()
}

#[test]
fn hyrax_identity_rows_no_longer_dominate_the_proof() {
    let f = hyrax();
    let rows: usize = f.proof.commitments.iter().map(|c| c.rows.len()).sum();
    let identities: usize = f
        .proof
        .commitments
        .iter()
        .map(|c| c.rows.iter().filter(|r| is_identity(*r)).count())
        .sum();
    let legacy: usize = f.bytes.len()
        - f.proof
            .commitments
            .iter()
            .map(|c| c.compressed_size())
            .sum::<usize>()
        + f.proof
            .commitments
            .iter()
            .map(legacy_commitment_bytes)
            .sum::<usize>();
    eprintln!(
        "hyrax: {} commitments, {identities} of {rows} rows the identity; proof {} bytes \
         ({legacy} with one point per row)",
        f.proof.commitments.len(),
        f.bytes.len()
    );
    assert!(identities * 2 > rows, "most rows of a tiny run are zero");
    assert_eq!(
        legacy - f.bytes.len(),
        identities * 32 - bitmap_bytes(&f.proof)
    );
}

fn bitmap_bytes(proof: &JoltProof<Hyrax>) -> usize {
    proof
        .commitments
        .iter()
        .map(|c| c.rows.len().div_ceil(8))
        .sum()
}
