//! The prover's evaluations $f_i(r_g)$ of many polynomials at one point, without
//! multiplications for small values.
//!
//! $f(r) = \sum_h \widetilde{eq}(r_{hi}, h) \sum_l \widetilde{eq}(r_{lo}, l) f(h, l)$ with rows of
//! $2^{12}$ entries (the low weights stay in cache; memory $O(2^{n-12} + 2^{12})$). Within a row,
//! small values are **bucketed**: for each byte lane $j$, $B_j(b) = \sum_{l:\,\text{byte}_j f(h,l) = b}
//! \widetilde{eq}(r_{lo}, l)$ costs one addition per entry, and
//! $\sum_b b\,B_j(b) = \sum_{t \ge 1} \sum_{b \ge t} B_j(b)$ costs 510 more additions per row.
//! Bits add their weight or nothing; `u64` and dense values are multiplied.

use ark_ff::AdditiveGroup;
use math::{EqPolynomial, Fr, MultilinearPolynomial, SmallValue};

/// Variables of a row (the low half of the split).
const ROW_VARS: usize = 12;

/// `polys[i]` at `r`, for polynomials with `r.len()` variables.
pub(super) fn evaluate_all(polys: &[&MultilinearPolynomial], r: &[Fr]) -> Vec<Fr> {
    let lo_vars = r.len().min(ROW_VARS);
    let (r_hi, r_lo) = r.split_at(r.len() - lo_vars);
    let eq_hi = EqPolynomial::new(r_hi.to_vec()).evals();
    let eq_lo = EqPolynomial::new(r_lo.to_vec()).evals();
    let one = |p: &&MultilinearPolynomial| evaluate(p, &eq_hi, &eq_lo);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        polys.par_iter().map(one).collect()
    }
    #[cfg(not(feature = "parallel"))]
    polys.iter().map(one).collect()
}

/// $\sum_h$ `eq_hi[h]` $\cdot \sum_l$ `eq_lo[l]` $f(h, l)$.
fn evaluate(poly: &MultilinearPolynomial, eq_hi: &[Fr], eq_lo: &[Fr]) -> Fr {
    debug_assert_eq!(poly.len(), eq_hi.len() * eq_lo.len());
    let width = eq_lo.len();
    let row = |h: usize| -> Fr {
        let range = h * width..(h + 1) * width;
        let inner = match poly {
            MultilinearPolynomial::Dense(p) => eq_lo
                .iter()
                .zip(&p.evals()[range])
                .map(|(w, v)| *w * v)
                .sum(),
            MultilinearPolynomial::Bool(p) => eq_lo
                .iter()
                .zip(&p.coeffs()[range])
                .filter(|(_, b)| **b)
                .map(|(w, _)| *w)
                .sum(),
            MultilinearPolynomial::U8(p) => bucketed::<_, 1>(&p.coeffs()[range], eq_lo),
            MultilinearPolynomial::U16(p) => bucketed::<_, 2>(&p.coeffs()[range], eq_lo),
            MultilinearPolynomial::U32(p) => bucketed::<_, 4>(&p.coeffs()[range], eq_lo),
            MultilinearPolynomial::U64(p) => eq_lo
                .iter()
                .zip(&p.coeffs()[range])
                .map(|(w, v)| v.mul_field(*w))
                .sum(),
        };
        eq_hi[h] * inner
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..eq_hi.len()).into_par_iter().map(row).sum()
    }
    #[cfg(not(feature = "parallel"))]
    (0..eq_hi.len()).map(row).sum()
}

/// $\sum_l w_l v_l$ for values of `LANES` bytes, by byte buckets (additions only, but for the
/// $256^j$ recombination).
fn bucketed<T: SmallValue, const LANES: usize>(values: &[T], weights: &[Fr]) -> Fr {
    let mut buckets = [[Fr::ZERO; 256]; LANES];
    for (v, w) in values.iter().zip(weights) {
        let mut v = v.to_u64();
        for lane in buckets.iter_mut() {
            lane[(v & 0xff) as usize] += w;
            v >>= 8;
        }
    }
    let radix = Fr::from(256u64);
    buckets.iter().rev().fold(Fr::ZERO, |acc, lane| {
        // Σ_b b·B[b] = Σ_{t ≥ 1} Σ_{b ≥ t} B[b].
        let mut suffix = Fr::ZERO;
        let mut weighted = Fr::ZERO;
        for bucket in lane[1..].iter().rev() {
            suffix += bucket;
            weighted += suffix;
        }
        acc * radix + weighted
    })
}

#[cfg(test)]
mod tests {
    use ark_ff::UniformRand;
    use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
    use math::{CompactPolynomial, DensePolynomial};

    use super::*;

    /// Agrees with `math`'s evaluation for every representation, below and above one row,
    /// including values whose every byte is extreme.
    #[test]
    fn matches_math_evaluate() {
        let mut rng = StdRng::seed_from_u64(3);
        for n in [0, 1, 5, ROW_VARS, ROW_VARS + 3] {
            let len = 1usize << n;
            let polys: Vec<MultilinearPolynomial> = vec![
                DensePolynomial::new((0..len).map(|_| Fr::rand(&mut rng)).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<bool>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u8>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u16>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u32>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|_| rng.r#gen::<u64>()).collect()).into(),
                CompactPolynomial::new((0..len).map(|i| [u32::MAX, 0, 1 << 24][i % 3]).collect())
                    .into(),
                CompactPolynomial::new((0..len).map(|i| [u16::MAX, 255, 256][i % 3]).collect())
                    .into(),
            ];
            let r: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            let refs: Vec<&MultilinearPolynomial> = polys.iter().collect();
            let got = evaluate_all(&refs, &r);
            for (k, (p, g)) in polys.iter().zip(&got).enumerate() {
                assert_eq!(*g, p.evaluate(&r), "{n} variables, polynomial {k}");
            }
        }
    }
}
