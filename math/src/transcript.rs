//! Fiat–Shamir transcript: a thin, typed wrapper over [`merlin::Transcript`] (STROBE-128).
//!
//! # Obligations of every protocol
//! - Labels are `&'static [u8]` constants defined next to the protocol that uses them.
//! - Every prover message (commitment, claim, round polynomial) is appended **before** any
//!   challenge that depends on it; the verifier appends the same values in the same order.
//! - The transcript is passed to each prove/verify call (`&mut Transcript`), never stored.
//!
//! # Encodings
//! Scalars are appended as 32-byte little-endian canonical encodings; points in compressed
//! canonical form (arkworks). Merlin frames every message with its label and length, so a
//! list of scalars appended as one message is unambiguous. Challenges are 64 bytes reduced
//! modulo $p$: the distance from uniform is below $2^{-250}$.

use ark_ec::AffineRepr;
use ark_ff::{Field, PrimeField};
use ark_serialize::CanonicalSerialize;

use crate::field::Fr;

/// The Fiat–Shamir transcript shared by prover and verifier.
#[derive(Clone)]
pub struct Transcript {
    inner: merlin::Transcript,
    /// The recorder or replayer attached at creation (test builds only, see `replay`).
    #[cfg(feature = "transcript-replay")]
    tap: Option<replay::Tap>,
}

impl core::fmt::Debug for Transcript {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Transcript { .. }")
    }
}

impl Transcript {
    /// A fresh transcript for the protocol named `domain` (domain separation).
    pub fn new(domain: &'static [u8]) -> Self {
        Self {
            inner: merlin::Transcript::new(domain),
            #[cfg(feature = "transcript-replay")]
            tap: replay::tap_for(domain),
        }
    }

    /// Absorbs raw bytes.
    pub fn append_bytes(&mut self, label: &'static [u8], bytes: &[u8]) {
        #[cfg(feature = "transcript-replay")]
        if let Some(tap) = &self.tap {
            tap.on_append(label, bytes);
        }
        self.inner.append_message(label, bytes);
    }

    /// Absorbs an integer (shapes, counts, lengths).
    pub fn append_u64(&mut self, label: &'static [u8], value: u64) {
        #[cfg(feature = "transcript-replay")]
        if let Some(tap) = &self.tap {
            tap.on_append(label, &value.to_le_bytes());
        }
        self.inner.append_u64(label, value);
    }

    /// Absorbs one field element.
    pub fn append_scalar(&mut self, label: &'static [u8], scalar: &Fr) {
        self.append_scalars(label, core::slice::from_ref(scalar));
    }

    /// Absorbs a list of field elements as one message.
    pub fn append_scalars(&mut self, label: &'static [u8], scalars: &[Fr]) {
        let mut bytes = Vec::with_capacity(32 * scalars.len());
        for s in scalars {
            s.serialize_uncompressed(&mut bytes)
                .expect("writing to a Vec cannot fail");
        }
        self.append_bytes(label, &bytes);
    }

    /// Absorbs a group element (e.g. a BN254 $\mathbb{G}_1$ commitment), compressed.
    pub fn append_point<P: AffineRepr>(&mut self, label: &'static [u8], point: &P) {
        self.append_points(label, core::slice::from_ref(point));
    }

    /// Absorbs a list of group elements as one message.
    pub fn append_points<P: AffineRepr>(&mut self, label: &'static [u8], points: &[P]) {
        let mut bytes = Vec::with_capacity(points.iter().map(|p| p.compressed_size()).sum());
        for p in points {
            p.serialize_compressed(&mut bytes)
                .expect("writing to a Vec cannot fail");
        }
        self.append_bytes(label, &bytes);
    }

    /// Fills `dest` with challenge bytes.
    pub fn challenge_bytes(&mut self, label: &'static [u8], dest: &mut [u8]) {
        self.inner.challenge_bytes(label, dest);
        #[cfg(feature = "transcript-replay")]
        if let Some(tap) = &self.tap {
            tap.on_challenge(label, dest);
        }
    }

    /// A field challenge, statistically uniform.
    pub fn challenge_scalar(&mut self, label: &'static [u8]) -> Fr {
        let mut bytes = [0u8; 64];
        self.challenge_bytes(label, &mut bytes);
        Fr::from_le_bytes_mod_order(&bytes)
    }

    /// `n` independent field challenges.
    pub fn challenge_vector(&mut self, label: &'static [u8], n: usize) -> Vec<Fr> {
        (0..n).map(|_| self.challenge_scalar(label)).collect()
    }

    /// $[1, c, c^2, \dots, c^{n-1}]$ for one challenge $c$ (random-linear-combination weights).
    pub fn challenge_powers(&mut self, label: &'static [u8], n: usize) -> Vec<Fr> {
        let c = self.challenge_scalar(label);
        core::iter::successors(Some(Fr::ONE), |p| Some(*p * c))
            .take(n)
            .collect()
    }
}

#[cfg(feature = "transcript-replay")]
pub mod replay;

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::AffineRepr;

    #[test]
    fn same_messages_same_challenges() {
        let run = |msg: u64| {
            let mut t = Transcript::new(b"test");
            t.append_u64(b"n", msg);
            t.append_scalar(b"s", &Fr::from(7u64));
            t.append_point(b"g", &ark_bn254::G1Affine::generator());
            t.challenge_scalar(b"c")
        };
        assert_eq!(run(1), run(1));
        assert_ne!(run(1), run(2));
    }

    #[test]
    fn labels_and_domains_separate() {
        let challenge = |domain: &'static [u8], label: &'static [u8]| {
            let mut t = Transcript::new(domain);
            t.append_scalar(label, &Fr::from(1u64));
            t.challenge_scalar(b"c")
        };
        assert_ne!(challenge(b"a", b"x"), challenge(b"b", b"x"));
        assert_ne!(challenge(b"a", b"x"), challenge(b"a", b"y"));
    }

    #[test]
    fn message_framing_is_unambiguous() {
        // [a, b] as one message differs from a then b as two messages.
        let (a, b) = (Fr::from(1u64), Fr::from(2u64));
        let mut one = Transcript::new(b"t");
        one.append_scalars(b"s", &[a, b]);
        let mut two = Transcript::new(b"t");
        two.append_scalar(b"s", &a);
        two.append_scalar(b"s", &b);
        assert_ne!(one.challenge_scalar(b"c"), two.challenge_scalar(b"c"));
    }

    #[test]
    fn vectors_and_powers() {
        let mut t = Transcript::new(b"t");
        let v = t.challenge_vector(b"v", 4);
        assert_eq!(v.len(), 4);
        assert!(v.windows(2).all(|w| w[0] != w[1]));
        let p = t.challenge_powers(b"p", 4);
        assert_eq!(p[0], Fr::ONE);
        assert_eq!(p[2], p[1] * p[1]);
        assert_eq!(p[3], p[2] * p[1]);
        assert!(t.challenge_powers(b"p", 0).is_empty());
    }
}
