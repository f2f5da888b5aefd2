//! The prover's combined polynomial $F_p = \sum_k c_k f_{i_k}$, read straight from compact
//! storage.
//!
//! Committed polynomials are mostly bits, bytes and 16-bit chunks. Widening a value to a field
//! element costs a Montgomery multiplication (two for the product $c_k \cdot v$), so small
//! values are instead scaled through per-claim byte tables: with
//! $T_j(b) = c_k \cdot 2^{8j} \cdot b$ built by 256 additions,
//! $c_k v = \sum_j T_j[\text{byte}_j(v)]$ costs one addition per byte and no multiplication.
//! Bits add $c_k$ or nothing. Only `u64` and dense values are multiplied.
//!
//! The output is filled block by block (each block a few thousand entries, resident in cache
//! while every claim at the point adds into it), in parallel over blocks with `parallel`.

use ark_ff::AdditiveGroup;
use math::{Fr, MultilinearPolynomial, SmallValue};

/// Entries of $F_p$ per block (128 KiB of field elements): one task, one cache-resident pass.
const BLOCK: usize = 1 << 12;

/// $c \cdot f$ for one claim, in the cheapest form for its representation.
enum Scaled<'a> {
    /// Field elements: one multiplication per entry.
    Field(&'a [Fr], Fr),
    /// Bits: add $c$ or nothing.
    Bool(&'a [bool], Fr),
    /// Bytes, through one table.
    U8(&'a [u8], Vec<[Fr; 256]>),
    /// 16-bit values, through two byte tables.
    U16(&'a [u16], Vec<[Fr; 256]>),
    /// 32-bit values, through four byte tables.
    U32(&'a [u32], Vec<[Fr; 256]>),
    /// 64-bit values: multiplied (eight tables would not stay in L1).
    U64(&'a [u64], Fr),
}

/// $T_j(b) = c \cdot 2^{8j} \cdot b$ for $j < $ `bytes`, by additions only.
fn byte_tables(c: Fr, bytes: usize) -> Vec<[Fr; 256]> {
    let mut base = c;
    (0..bytes)
        .map(|_| {
            let mut table = [Fr::ZERO; 256];
            for b in 1..256 {
                table[b] = table[b - 1] + base;
            }
            // 256 · (c · 2^{8j}) = T_j[255] + c · 2^{8j}.
            base = table[255] + base;
            table
        })
        .collect()
}

impl<'a> Scaled<'a> {
    fn new(c: Fr, poly: &'a MultilinearPolynomial) -> Self {
        match poly {
            MultilinearPolynomial::Dense(p) => Self::Field(p.evals(), c),
            MultilinearPolynomial::Bool(p) => Self::Bool(p.coeffs(), c),
            MultilinearPolynomial::U8(p) => Self::U8(p.coeffs(), byte_tables(c, 1)),
            MultilinearPolynomial::U16(p) => Self::U16(p.coeffs(), byte_tables(c, 2)),
            MultilinearPolynomial::U32(p) => Self::U32(p.coeffs(), byte_tables(c, 4)),
            MultilinearPolynomial::U64(p) => Self::U64(p.coeffs(), c),
        }
    }

    /// `out[i] += c · f[start + i]`.
    fn add_to(&self, out: &mut [Fr], start: usize) {
        let range = start..start + out.len();
        match self {
            Self::Field(values, c) => {
                for (o, v) in out.iter_mut().zip(&values[range]) {
                    *o += *c * v;
                }
            }
            Self::Bool(values, c) => {
                for (o, v) in out.iter_mut().zip(&values[range]) {
                    if *v {
                        *o += c;
                    }
                }
            }
            Self::U8(values, tables) => add_through_tables(out, &values[range], tables),
            Self::U16(values, tables) => add_through_tables(out, &values[range], tables),
            Self::U32(values, tables) => add_through_tables(out, &values[range], tables),
            Self::U64(values, c) => {
                for (o, v) in out.iter_mut().zip(&values[range]) {
                    *o += v.mul_field(*c);
                }
            }
        }
    }
}

/// `out[i] += Σ_j tables[j][byte_j(values[i])]`.
fn add_through_tables<T: SmallValue>(out: &mut [Fr], values: &[T], tables: &[[Fr; 256]]) {
    for (o, v) in out.iter_mut().zip(values) {
        let mut v = v.to_u64();
        for table in tables {
            *o += table[(v & 0xff) as usize];
            v >>= 8;
        }
    }
}

/// $\sum_k c_k f_k$ as `len` field elements. Every polynomial must have `len` evaluations.
pub(super) fn combine(terms: &[(Fr, &MultilinearPolynomial)], len: usize) -> Vec<Fr> {
    debug_assert!(terms.iter().all(|(_, p)| p.len() == len));
    let scaled: Vec<Scaled<'_>> = terms.iter().map(|(c, p)| Scaled::new(*c, p)).collect();
    let mut out = vec![Fr::ZERO; len];
    let fill = |(i, block): (usize, &mut [Fr])| {
        for s in &scaled {
            s.add_to(block, i * BLOCK);
        }
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        out.par_chunks_mut(BLOCK).enumerate().for_each(fill);
    }
    #[cfg(not(feature = "parallel"))]
    out.chunks_mut(BLOCK).enumerate().for_each(fill);
    out
}

#[cfg(test)]
mod tests {
    use ark_ff::UniformRand;
    use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
    use math::{CompactPolynomial, DensePolynomial};

    use super::*;

    /// Every representation, through its fast path, agrees with plain field arithmetic —
    /// including the extreme values that exercise every byte table.
    #[test]
    fn combine_matches_field_arithmetic() {
        let mut rng = StdRng::seed_from_u64(7);
        // Less than one block, and several blocks.
        for len in [8, 4 * BLOCK] {
            let mut polys: Vec<MultilinearPolynomial> = vec![
                DensePolynomial::new((0..len).map(|_| Fr::rand(&mut rng)).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<bool>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u8>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u16>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u32>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u64>()).collect()).into(),
            ];
            let extremes = |i: usize| [0, u32::MAX, 1 << 31, 255, 256, 65_535, 65_536, 1][i % 8];
            polys.push(CompactPolynomial::new((0..len).map(extremes).collect()).into());
            let extremes = |i: usize| [0u16, u16::MAX, 255, 256][i % 4];
            polys.push(CompactPolynomial::new((0..len).map(extremes).collect()).into());
            let coeffs: Vec<Fr> = (0..polys.len()).map(|_| Fr::rand(&mut rng)).collect();
            let terms: Vec<(Fr, &MultilinearPolynomial)> =
                coeffs.iter().copied().zip(&polys).collect();
            let got = combine(&terms, len);
            for (i, g) in got.iter().enumerate() {
                let expected: Fr = terms.iter().map(|(c, p)| *c * p.get(i)).sum();
                assert_eq!(*g, expected, "length {len}, entry {i}");
            }
        }
    }
}
