//! Hyrax: transparent commitments to the rows of the evaluation matrix.
//!
//! The $2^n$ evaluations of $f$ are laid out as a matrix $M$ with $R = 2^{n_R}$ rows and
//! $C = 2^{n - n_R}$ columns ([`matrix_shape`]), row-major: evaluation $i$ sits at row
//! $\lfloor i / C \rfloor$, column $i \bmod C$. With `math`'s variable order ($x_0$ is the most
//! significant index bit) the row index is $x_0 \dots x_{n_R - 1}$ and the column index the
//! remaining variables, so
//! $$\tilde f(r) = L^\top M\, R', \qquad L = \mathrm{eq}(r_{\text{row}}, \cdot),\ R' = \mathrm{eq}(r_{\text{col}}, \cdot).$$
//!
//! - **Commit**: one Pedersen commitment $C_j = \langle M_j, G \rangle$ per row, with generators
//!   $G_0 \dots G_{C-1}$ hashed to the curve from a public label (nobody knows their discrete
//!   logarithms). Rows are independent MSMs, run in parallel, each on the small-scalar path when
//!   the polynomial is compact.
//! - **Open** at $r$: send $u = L^\top M \in \mathbb{F}^C$.
//! - **Verify**: $\langle u, G \rangle = \sum_j L_j C_j$ (binds $u$ to the commitment) and
//!   $\langle u, R' \rangle = v$.
//!
//! No blinding: the VM needs succinct verification of public computation, not zero knowledge.
//!
//! # Matrix shape
//! A commitment has $R$ points (64 bytes each uncompressed, 32 compressed; an identity row —
//! an all-zero row of $M$ — costs one bit of a bitmap instead, see [`HyraxCommitment`]) and an
//! opening $C$ field elements; the verifier's MSM has $C$ + (batch size)$\cdot R$ terms. A zkVM
//! commits to dozens of polynomials of one size but opens them in one batch, so the
//! per-polynomial $R$ matters more than the one-off $C$: rows get $n_R = \max(0, \lfloor n/2
//! \rfloor - 2)$ variables, a matrix **16 times wider than tall** (for even $n$).
//!
//! Wide rows also make committing cheaper: a row is one MSM, and Pippenger's fixed cost per
//! window ($2^{c+1}$ bucket additions) is spread over $C$ scalars instead of $\sqrt{2^n}$.
//! Measured on the VM's sha2-chain at $2^{18}$ cycles (`e2e`, 2-core Xeon, 117 polynomials of
//! $2^{13}$ to $2^{20}$ entries) against square matrices ($n_R = \lfloor n/2 \rfloor$):
//!
//! | $n_R$ | commit | proof: commitments + openings |
//! |---|---:|---:|
//! | $\lfloor n/2 \rfloor$ (square) | 7.96 s | 1164 + 113 KB |
//! | $\lfloor n/2 \rfloor - 1$ | 6.45 s | 604 + 221 KB |
//! | $\lfloor n/2 \rfloor - 2$ (this) | 3.86 s | 322 + 437 KB |
//! | $\lfloor n/2 \rfloor - 3$ | 4.29 s | 181 + 869 KB |
//!
//! The setup derives $C_{\max} = 2^{n_{\max} - n_R(n_{\max})}$ generators.
//!
//! # Batching
//! For $\sum_i \rho^i f_i$ the commitment rows combine homomorphically, so the verifier folds
//! the batch into its one MSM: $\langle u, G \rangle - \sum_{i,j} \rho^i L_j C_{i,j} = 0$.

use ark_bn254::{Fq, Fr, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{AdditiveGroup, PrimeField, Zero};
use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, Read, SerializationError, Valid, Validate,
    Write,
};
use math::{EqPolynomial, MultilinearPolynomial, Transcript};

use crate::msm::{self, Scalars};
use crate::{
    CommitmentScheme, MAX_SETUP_VARS, PcsError, absorb_claims, add_scaled_serial, check_num_vars,
    check_prover_batch,
};

/// The Hyrax commitment scheme over BN254 $\mathbb{G}_1$.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hyrax;

/// Where Hyrax generators come from: a public label hashed to the curve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HyraxParams {
    /// Domain-separation label of the generator derivation.
    pub label: Vec<u8>,
}

impl Default for HyraxParams {
    fn default() -> Self {
        Self {
            label: b"lookup-zkvm/hyrax/bn254/v1".to_vec(),
        }
    }
}

impl HyraxParams {
    /// Generators derived from `label`.
    pub fn new(label: &[u8]) -> Self {
        Self {
            label: label.to_vec(),
        }
    }
}

/// Hyrax generators, used by prover and verifier alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HyraxKey {
    max_num_vars: usize,
    generators: Vec<G1Affine>,
}

impl HyraxKey {
    /// Largest number of variables this key commits to.
    pub fn max_num_vars(&self) -> usize {
        self.max_num_vars
    }

    /// The Pedersen generators $G_0, \dots, G_{C_{\max}-1}$.
    pub fn generators(&self) -> &[G1Affine] {
        &self.generators
    }
}

/// One Pedersen commitment per row of the evaluation matrix.
///
/// Encoded compactly and canonically (table below): rows that commit to all-zero data are the
/// identity and cost one bit, not one point.
///
/// # Encoding
/// | bytes | content |
/// |---|---|
/// | 8 | the number of rows $R$, `u64` little-endian (at most [`MAX_ROWS`], the largest setup's $R$) |
/// | $\lceil R/8 \rceil$ | occupancy bitmap: bit `j % 8` of byte `j / 8` is set iff row $j$ is **not** the identity; the unused high bits of the last byte are zero |
/// | 32 (64 uncompressed) each | the non-identity rows, top row first, as `ark-serialize` points |
///
/// Decoding rejects a set padding bit and an identity point in the explicit list, so each
/// commitment has exactly one encoding (points themselves are checked by the caller's
/// re-encoding, see [`crate::decode`]). A proof's row commitments are mostly identities — the
/// upper rows of padded trace columns, untouched memory — so this is also most of the saving
/// in a Hyrax proof's size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HyraxCommitment {
    /// Row commitments, top row first.
    pub rows: Vec<G1Affine>,
}

/// A Hyrax opening: the row combination $u = L^\top M$ (of the $\rho$-combined matrix).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HyraxProof {
    /// $u_c = \sum_j L_j M_{j,c}$.
    pub row_combination: Vec<Fr>,
}

/// How many fewer variables than half the rows get (see [the module docs](self#matrix-shape)).
const ROW_VARS_BELOW_HALF: usize = 2;

/// $n_R$, the number of row variables of an $n$-variable polynomial: $\max(0, \lfloor n/2
/// \rfloor - 2)$; the first $n_R$ coordinates of a point select the row.
pub fn row_vars(num_vars: usize) -> usize {
    (num_vars / 2).saturating_sub(ROW_VARS_BELOW_HALF)
}

/// $(R, C) = (2^{n_R}, 2^{n - n_R})$ for an $n$-variable polynomial.
pub fn matrix_shape(num_vars: usize) -> (usize, usize) {
    let rows = row_vars(num_vars);
    (1 << rows, 1 << (num_vars - rows))
}

/// Hashes `label` and `index` to a $\mathbb{G}_1$ point by try-and-increment on $x$.
///
/// BN254 $\mathbb{G}_1$ has cofactor 1, so every curve point is in the group; the discrete
/// logarithm of the result is unknown to everyone, which is what binding needs.
fn hash_to_g1(base: &Transcript, index: u64) -> G1Affine {
    let mut t = base.clone();
    t.append_u64(b"hyrax/generator-index", index);
    loop {
        let mut bytes = [0u8; 65];
        t.challenge_bytes(b"hyrax/candidate", &mut bytes);
        let x = Fq::from_le_bytes_mod_order(&bytes[..64]);
        if let Some(p) = G1Affine::get_point_from_x_unchecked(x, bytes[64] & 1 == 1) {
            debug_assert!(p.is_on_curve() && !p.is_zero());
            return p;
        }
    }
}

/// The first `count` generators for `label`.
pub fn derive_generators(label: &[u8], count: usize) -> Vec<G1Affine> {
    let mut base = Transcript::new(b"lookup-zkvm/hyrax-generators");
    base.append_bytes(b"hyrax/label", label);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..count as u64)
            .into_par_iter()
            .map(|i| hash_to_g1(&base, i))
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    (0..count as u64).map(|i| hash_to_g1(&base, i)).collect()
}

impl CommitmentScheme for Hyrax {
    type Params = HyraxParams;
    type ProverKey = HyraxKey;
    type VerifierKey = HyraxKey;
    type Commitment = HyraxCommitment;
    type Proof = HyraxProof;

    const NAME: &'static [u8] = b"hyrax-bn254";

    fn setup(params: &HyraxParams, max_num_vars: usize) -> Result<(HyraxKey, HyraxKey), PcsError> {
        if max_num_vars > MAX_SETUP_VARS {
            return Err(PcsError::SetupTooLarge {
                requested: max_num_vars,
                limit: MAX_SETUP_VARS,
            });
        }
        let (_, cols) = matrix_shape(max_num_vars);
        let key = HyraxKey {
            max_num_vars,
            generators: derive_generators(&params.label, cols),
        };
        Ok((key.clone(), key))
    }

    fn commit(pk: &HyraxKey, poly: &MultilinearPolynomial) -> Result<HyraxCommitment, PcsError> {
        let n = poly.num_vars();
        check_num_vars(n, pk.max_num_vars)?;
        let _span = tracing::trace_span!("hyrax::commit", num_vars = n).entered();
        let (rows, cols) = matrix_shape(n);
        let scalars = Scalars::of(poly);
        let gens = &pk.generators[..cols];
        let row = |j: usize| msm::msm_serial(gens, scalars.slice(j * cols..(j + 1) * cols));
        #[cfg(feature = "parallel")]
        let points: Vec<G1Projective> = {
            use rayon::prelude::*;
            (0..rows).into_par_iter().map(row).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let points: Vec<G1Projective> = (0..rows).map(row).collect();
        Ok(HyraxCommitment {
            rows: G1Projective::normalize_batch(&points),
        })
    }

    fn batch_prove(
        pk: &HyraxKey,
        polys: &[&MultilinearPolynomial],
        commitments: &[&HyraxCommitment],
        point: &[Fr],
        evals: &[Fr],
        transcript: &mut Transcript,
    ) -> Result<HyraxProof, PcsError> {
        check_prover_batch(polys, commitments, point, evals, pk.max_num_vars)?;
        let _span =
            tracing::trace_span!("hyrax::open", num_vars = point.len(), batch = polys.len())
                .entered();
        let rho = absorb_claims(Self::NAME, commitments, point, evals, transcript)?;
        let n = point.len();
        let (rows, cols) = matrix_shape(n);
        let l = EqPolynomial::new(point[..row_vars(n)].to_vec()).evals();
        // u = sum_i rho^i L^T M_i, accumulated over (polynomial, row) pairs.
        let term = |k: usize, acc: &mut Vec<Fr>| {
            let (i, j) = (k / rows, k % rows);
            let rows_of = Scalars::of(polys[i]).slice(j * cols..(j + 1) * cols);
            add_scaled_serial(acc, rho[i] * l[j], rows_of);
        };
        #[cfg(feature = "parallel")]
        let row_combination = {
            use rayon::prelude::*;
            (0..polys.len() * rows)
                .into_par_iter()
                .fold(
                    || vec![Fr::ZERO; cols],
                    |mut acc, k| {
                        term(k, &mut acc);
                        acc
                    },
                )
                .reduce(
                    || vec![Fr::ZERO; cols],
                    |mut a, b| {
                        a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                        a
                    },
                )
        };
        #[cfg(not(feature = "parallel"))]
        let row_combination = {
            let mut acc = vec![Fr::ZERO; cols];
            (0..polys.len() * rows).for_each(|k| term(k, &mut acc));
            acc
        };
        Ok(HyraxProof { row_combination })
    }

    fn batch_verify(
        vk: &HyraxKey,
        commitments: &[&HyraxCommitment],
        point: &[Fr],
        evals: &[Fr],
        proof: &HyraxProof,
        transcript: &mut Transcript,
    ) -> Result<(), PcsError> {
        let n = point.len();
        check_num_vars(n, vk.max_num_vars)?;
        let (rows, cols) = matrix_shape(n);
        for (index, c) in commitments.iter().enumerate() {
            if c.rows.len() != rows {
                return Err(PcsError::CommitmentShape {
                    index,
                    num_vars: n,
                    expected: rows,
                    got: c.rows.len(),
                });
            }
        }
        let u = &proof.row_combination;
        if u.len() != cols {
            return Err(PcsError::ProofShape {
                what: "row-combination scalars",
                expected: cols,
                got: u.len(),
            });
        }
        let rho = absorb_claims(Self::NAME, commitments, point, evals, transcript)?;
        let l = EqPolynomial::new(point[..row_vars(n)].to_vec()).evals();
        let r = EqPolynomial::new(point[row_vars(n)..].to_vec()).evals();

        // <u, G> - sum_{i,j} rho^i L_j C_{i,j} must be the identity: one MSM.
        let mut bases = Vec::with_capacity(cols + commitments.len() * rows);
        let mut scalars = Vec::with_capacity(bases.capacity());
        bases.extend_from_slice(&vk.generators[..cols]);
        scalars.extend_from_slice(u);
        for (c, rho_i) in commitments.iter().zip(&rho) {
            bases.extend_from_slice(&c.rows);
            scalars.extend(l.iter().map(|l_j| -(*rho_i * l_j)));
        }
        if !G1Projective::msm_unchecked(&bases, &scalars).is_zero() {
            return Err(PcsError::CommitmentCheckFailed);
        }
        let claimed: Fr = rho.iter().zip(evals).map(|(p, v)| *p * v).sum();
        let opened: Fr = u.iter().zip(&r).map(|(a, b)| *a * b).sum();
        if opened != claimed {
            return Err(PcsError::EvaluationMismatch);
        }
        Ok(())
    }
}

// `HyraxKey` is written by hand so that decoding also rejects keys no setup could produce.
impl CanonicalSerialize for HyraxKey {
    fn serialize_with_mode<W: Write>(
        &self,
        mut writer: W,
        compress: Compress,
    ) -> Result<(), SerializationError> {
        self.max_num_vars
            .serialize_with_mode(&mut writer, compress)?;
        self.generators.serialize_with_mode(&mut writer, compress)
    }

    fn serialized_size(&self, compress: Compress) -> usize {
        self.max_num_vars.serialized_size(compress) + self.generators.serialized_size(compress)
    }
}

impl Valid for HyraxKey {
    fn check(&self) -> Result<(), SerializationError> {
        if self.max_num_vars > MAX_SETUP_VARS
            || self.generators.len() != matrix_shape(self.max_num_vars).1
            || self.generators.iter().any(|g| g.is_zero())
        {
            return Err(SerializationError::InvalidData);
        }
        self.generators.check()
    }
}

impl CanonicalDeserialize for HyraxKey {
    fn deserialize_with_mode<R: Read>(
        mut reader: R,
        compress: Compress,
        validate: Validate,
    ) -> Result<Self, SerializationError> {
        let max_num_vars = usize::deserialize_with_mode(&mut reader, compress, validate)?;
        // Points are checked once, by `key.check()` below.
        let generators = Vec::deserialize_with_mode(&mut reader, compress, Validate::No)?;
        let key = HyraxKey {
            max_num_vars,
            generators,
        };
        if validate == Validate::Yes {
            key.check()?;
        }
        Ok(key)
    }
}

/// Most rows a decoded commitment may have: $R$ of the largest setup.
pub const MAX_ROWS: usize = 1 << (MAX_SETUP_VARS / 2 - ROW_VARS_BELOW_HALF);

impl HyraxCommitment {
    /// The encoding's occupancy bitmap: bit `j % 8` of byte `j / 8` is set iff row `j` is not
    /// the identity.
    pub fn occupancy(&self) -> Vec<u8> {
        let mut bitmap = vec![0u8; self.rows.len().div_ceil(8)];
        for (j, row) in self.rows.iter().enumerate() {
            if !row.is_zero() {
                bitmap[j / 8] |= 1 << (j % 8);
            }
        }
        bitmap
    }

    /// The rows that are not the identity (the ones the encoding lists explicitly).
    fn explicit_rows(&self) -> impl Iterator<Item = &G1Affine> {
        self.rows.iter().filter(|row| !row.is_zero())
    }
}

impl CanonicalSerialize for HyraxCommitment {
    fn serialize_with_mode<W: Write>(
        &self,
        mut writer: W,
        compress: Compress,
    ) -> Result<(), SerializationError> {
        (self.rows.len() as u64).serialize_with_mode(&mut writer, compress)?;
        writer.write_all(&self.occupancy())?;
        for row in self.explicit_rows() {
            row.serialize_with_mode(&mut writer, compress)?;
        }
        Ok(())
    }

    fn serialized_size(&self, compress: Compress) -> usize {
        let point = G1Affine::zero().serialized_size(compress);
        8 + self.rows.len().div_ceil(8) + self.explicit_rows().count() * point
    }
}

impl Valid for HyraxCommitment {
    fn check(&self) -> Result<(), SerializationError> {
        self.rows.check()
    }
}

impl CanonicalDeserialize for HyraxCommitment {
    fn deserialize_with_mode<R: Read>(
        mut reader: R,
        compress: Compress,
        validate: Validate,
    ) -> Result<Self, SerializationError> {
        let num_rows = u64::deserialize_with_mode(&mut reader, compress, validate)?;
        let num_rows = usize::try_from(num_rows)
            .ok()
            .filter(|&r| r <= MAX_ROWS)
            .ok_or(SerializationError::InvalidData)?;
        let mut bitmap = vec![0u8; num_rows.div_ceil(8)];
        reader.read_exact(&mut bitmap)?;
        // Bits past the last row would be a second encoding of the same commitment.
        if let Some(last) = bitmap.last()
            && num_rows % 8 != 0
            && last >> (num_rows % 8) != 0
        {
            return Err(SerializationError::InvalidData);
        }
        let mut rows = Vec::new();
        for j in 0..num_rows {
            if bitmap[j / 8] >> (j % 8) & 1 == 0 {
                rows.push(G1Affine::zero());
                continue;
            }
            // Points are validated once, by `check()` below.
            let row = G1Affine::deserialize_with_mode(&mut reader, compress, Validate::No)?;
            // The identity has exactly one encoding: a clear bit.
            if row.is_zero() {
                return Err(SerializationError::InvalidData);
            }
            rows.push(row);
        }
        let commitment = HyraxCommitment { rows };
        if validate == Validate::Yes {
            commitment.check()?;
        }
        Ok(commitment)
    }
}
