//! The subtables: small structured tables of size M = 2^16 whose multilinear extensions the
//! verifier evaluates in closed form.
//!
//! # Index conventions
//! A subtable index is 16 bits. Its multilinear extension has 16 variables in the workspace
//! order (`math`: variable 0 is the most significant bit of the index).
//! - *Two-operand* subtables read the index as `x · 2^8 + y` (one 8-bit chunk of each operand,
//!   DESIGN.md §4): variables 0..8 are the bits of `x` (most significant first), 8..16 those
//!   of `y`. Shift subtables use only the low five bits of `y` (variables 11..16).
//! - *One-operand* subtables (IDENTITY, TRUNCATE_OVERFLOW) read the index as one 16-bit chunk.
//!
//! Every subtable has a native [`SubtableKind::entry`] (the table's value at an index, as an
//! integer), [`Subtable::materialize`] (all M values as field elements, what the prover's
//! memory-checking reads) and [`Subtable::evaluate_mle`] (the closed form the verifier uses).
//! The tests check `evaluate_mle` against the materialised table on the whole hypercube and
//! at random points (which also pins multilinearity).
//!
//! Subtables are named by [`SubtableKind`], an explicit enum, never by `TypeId`.

use math::{FieldExt, Fr};
use strum::{EnumCount, EnumIter, IntoStaticStr};

/// log2 of the subtable size.
pub const LOG_M: usize = 16;
/// Subtable size M.
pub const M: usize = 1 << LOG_M;
/// Bits of each operand chunk in a two-operand index.
pub const OPERAND_CHUNK_BITS: usize = LOG_M / 2;

/// A subtable: its values and the multilinear extension of its values.
pub trait Subtable {
    /// The table's M values as field elements, index order.
    fn materialize(&self) -> Vec<Fr>;
    /// The multilinear extension of the table at `point` (length [`LOG_M`]).
    ///
    /// # Panics
    /// If `point.len() != LOG_M`: the callers (the verifier of `jolt-core`) fix the length
    /// structurally, never from a proof.
    fn evaluate_mle(&self, point: &[Fr]) -> Fr;
}

/// Every subtable. `SllK` / `SrlK` handle operand chunk K of a shift (chunk 0 = most
/// significant byte of the 32-bit word).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum SubtableKind {
    /// `x & y`.
    And,
    /// `x | y`.
    Or,
    /// `x ^ y`.
    Xor,
    /// `x == y`.
    Eq,
    /// `x == y` on the low 7 bits (the sign bits are compared separately).
    EqAbs,
    /// `x < y`, unsigned.
    Ltu,
    /// `x < y` on the low 7 bits.
    LtAbs,
    /// The top bit of `x`.
    LeftMsb,
    /// The top bit of `y`.
    RightMsb,
    /// `x == 0`.
    LeftIsZero,
    /// `y == 0`.
    RightIsZero,
    /// `x == 0 && y == 0xFF`: a chunk of a zero divisor paired with a chunk of an all-ones
    /// quotient (RISC-V: x / 0 = 0xFFFF_FFFF).
    DivByZero,
    /// The 16-bit chunk itself.
    Identity,
    /// 0 for every 16-bit chunk: drops the overflow chunks of an arithmetic result while the
    /// lookup still range-checks them.
    TruncateOverflow,
    /// Shift-left contribution of chunk 0: `((x << 24) << s) mod 2^32`, `s = y mod 32`.
    Sll0,
    /// Shift-left contribution of chunk 1: `((x << 16) << s) mod 2^32`.
    Sll1,
    /// Shift-left contribution of chunk 2: `((x << 8) << s) mod 2^32`.
    Sll2,
    /// Shift-left contribution of chunk 3: `(x << s) mod 2^32`.
    Sll3,
    /// Logical shift-right contribution of chunk 0: `(x << 24) >> s`.
    Srl0,
    /// Logical shift-right contribution of chunk 1: `(x << 16) >> s`.
    Srl1,
    /// Logical shift-right contribution of chunk 2: `(x << 8) >> s`.
    Srl2,
    /// Logical shift-right contribution of chunk 3: `x >> s`.
    Srl3,
    /// The sign fill of an arithmetic shift right: with `x` the most significant chunk, its
    /// sign bit times the top `s` bits of the word, `x_7 · (2^32 − 2^(32−s))`.
    SraSign,
    /// The low two bits of a 16-bit chunk, `c & 3`: the byte offset of an address within its
    /// word (sub-word loads and stores).
    LowTwoBits,
    /// A 16-bit chunk with its least significant bit cleared, `c & 0xFFFE`: the JALR target
    /// rule, and (with IDENTITY) halfword alignment.
    ClearLsb,
    /// The low byte of a 16-bit chunk sign-extended to 32 bits (LB).
    SignExtend8,
    /// A 16-bit chunk sign-extended to 32 bits (LH).
    SignExtend16,
    /// `x == 0x80 && y == 0xFF`: the top chunks of the one signed division that overflows,
    /// `INT_MIN / −1`.
    DivOverflow,
}

/// Splits a two-operand index into `(x, y)`.
#[inline]
fn operands(index: u32) -> (u64, u64) {
    (u64::from(index >> 8) & 0xFF, u64::from(index) & 0xFF)
}

/// The chunk position of a shift subtable (0 = most significant byte).
fn shift_chunk(kind: SubtableKind) -> Option<u32> {
    use SubtableKind::*;
    match kind {
        Sll0 | Srl0 => Some(0),
        Sll1 | Srl1 => Some(1),
        Sll2 | Srl2 => Some(2),
        Sll3 | Srl3 => Some(3),
        _ => None,
    }
}

impl SubtableKind {
    /// The table's value at `index` (< [`M`]), as an integer (every value is < 2^32).
    pub fn entry(self, index: u32) -> u64 {
        use SubtableKind::*;
        let (x, y) = operands(index);
        let s = y & 31;
        match self {
            And => x & y,
            Or => x | y,
            Xor => x ^ y,
            Eq => u64::from(x == y),
            EqAbs => u64::from(x & 0x7F == y & 0x7F),
            Ltu => u64::from(x < y),
            LtAbs => u64::from(x & 0x7F < y & 0x7F),
            LeftMsb => x >> 7,
            RightMsb => y >> 7,
            LeftIsZero => u64::from(x == 0),
            RightIsZero => u64::from(y == 0),
            DivByZero => u64::from(x == 0 && y == 0xFF),
            Identity => u64::from(index & 0xFFFF),
            TruncateOverflow => 0,
            Sll0 | Sll1 | Sll2 | Sll3 => {
                let k = shift_chunk(self).unwrap_or(0);
                ((x << (8 * (3 - k))) << s) & 0xFFFF_FFFF
            }
            Srl0 | Srl1 | Srl2 | Srl3 => {
                let k = shift_chunk(self).unwrap_or(0);
                (x << (8 * (3 - k))) >> s
            }
            SraSign => (x >> 7) * ((1u64 << 32) - (1u64 << (32 - s))),
            LowTwoBits => u64::from(index & 3),
            ClearLsb => u64::from(index & 0xFFFE),
            SignExtend8 => u64::from(index as u8 as i8 as i32 as u32),
            SignExtend16 => u64::from(index as u16 as i16 as i32 as u32),
            DivOverflow => u64::from(x == 0x80 && y == 0xFF),
        }
    }

    /// The name used in tables and reports (`"SLL0"`, `"EQ_ABS"`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// `eq(a, b)` for bits given as field elements.
#[inline]
fn eq_bit(a: Fr, b: Fr) -> Fr {
    a * b + (Fr::from_u8(1) - a) * (Fr::from_u8(1) - b)
}

/// `Σ_i 2^(n−1−i) bits_i` over `n` bits, most significant first.
fn weighted(bits: impl IntoIterator<Item = Fr>) -> Fr {
    bits.into_iter()
        .fold(Fr::from_u8(0), |acc, b| acc + acc + b)
}

/// The eq table of the shift amount: entry `s` is `eq(bits, s)` for the five bits
/// `bits` (most significant first).
fn shift_amount_eq(bits: &[Fr]) -> [Fr; 32] {
    let mut table = [Fr::from_u8(0); 32];
    table[0] = Fr::from_u8(1);
    for (j, &b) in bits.iter().enumerate() {
        let len = 1 << j;
        // Entries [0, len) hold the prefix's eq values; extend by one bit (appended at the
        // bottom): index i becomes 2i (bit 0) and 2i + 1 (bit 1).
        for i in (0..len).rev() {
            let v = table[i];
            table[2 * i + 1] = v * b;
            table[2 * i] = v - table[2 * i + 1];
        }
    }
    table
}

/// `Σ_i (1 − x_i) y_i Π_{j<i} eq(x_j, y_j)` over the given bits: `x < y`.
fn less_than(x: &[Fr], y: &[Fr]) -> Fr {
    let one = Fr::from_u8(1);
    let mut prefix_eq = one;
    let mut sum = Fr::from_u8(0);
    for (&a, &b) in x.iter().zip(y) {
        sum += prefix_eq * (one - a) * b;
        prefix_eq *= eq_bit(a, b);
    }
    sum
}

impl Subtable for SubtableKind {
    fn materialize(&self) -> Vec<Fr> {
        (0..M as u32).map(|i| Fr::from_u64(self.entry(i))).collect()
    }

    fn evaluate_mle(&self, point: &[Fr]) -> Fr {
        use SubtableKind::*;
        assert_eq!(point.len(), LOG_M, "subtable MLEs have {LOG_M} variables");
        let one = Fr::from_u8(1);
        let (x, y) = point.split_at(OPERAND_CHUNK_BITS);
        match self {
            And => weighted(x.iter().zip(y).map(|(&a, &b)| a * b)),
            Or => weighted(x.iter().zip(y).map(|(&a, &b)| a + b - a * b)),
            Xor => weighted(x.iter().zip(y).map(|(&a, &b)| {
                let ab = a * b;
                a + b - ab - ab
            })),
            Eq => x.iter().zip(y).map(|(&a, &b)| eq_bit(a, b)).product(),
            EqAbs => x[1..]
                .iter()
                .zip(&y[1..])
                .map(|(&a, &b)| eq_bit(a, b))
                .product(),
            Ltu => less_than(x, y),
            LtAbs => less_than(&x[1..], &y[1..]),
            LeftMsb => x[0],
            RightMsb => y[0],
            LeftIsZero => x.iter().map(|&a| one - a).product(),
            RightIsZero => y.iter().map(|&b| one - b).product(),
            DivByZero => x.iter().map(|&a| one - a).product::<Fr>() * y.iter().product::<Fr>(),
            Identity => weighted(point.iter().copied()),
            TruncateOverflow => Fr::from_u8(0),
            Sll0 | Sll1 | Sll2 | Sll3 | Srl0 | Srl1 | Srl2 | Srl3 => {
                let k = shift_chunk(*self).unwrap_or(0) as i64;
                let left = matches!(self, Sll0 | Sll1 | Sll2 | Sll3);
                let eq_s = shift_amount_eq(&y[3..]);
                let mut total = Fr::from_u8(0);
                for (s, &weight) in eq_s.iter().enumerate() {
                    // Bit i of x (weight 2^(7−i)) lands at position p of the word.
                    let mut shifted = Fr::from_u8(0);
                    for (i, &bit) in x.iter().enumerate() {
                        let base = 8 * (3 - k) + 7 - i as i64;
                        let p = if left {
                            base + s as i64
                        } else {
                            base - s as i64
                        };
                        if (0..32).contains(&p) {
                            shifted += Fr::from_u64(1 << p) * bit;
                        }
                    }
                    total += weight * shifted;
                }
                total
            }
            SraSign => {
                let eq_s = shift_amount_eq(&y[3..]);
                let fill: Fr = eq_s
                    .iter()
                    .enumerate()
                    .map(|(s, &w)| w * Fr::from_u64((1u64 << 32) - (1u64 << (32 - s))))
                    .sum();
                x[0] * fill
            }
            LowTwoBits => point[14] + point[14] + point[15],
            ClearLsb => weighted(point[..15].iter().copied()) * Fr::from_u8(2),
            SignExtend8 => weighted(y.iter().copied()) + y[0] * Fr::from_u64(0xFFFF_FF00),
            SignExtend16 => weighted(point.iter().copied()) + point[0] * Fr::from_u64(0xFFFF_0000),
            DivOverflow => {
                x[0] * x[1..].iter().map(|&a| one - a).product::<Fr>() * y.iter().product::<Fr>()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_std::UniformRand;
    use ark_std::rand::{SeedableRng, rngs::StdRng};
    use math::DensePolynomial;
    use strum::IntoEnumIterator;

    /// The hypercube point of `index`: 16 bits, most significant first.
    fn bits(index: usize) -> Vec<Fr> {
        (0..LOG_M)
            .map(|j| Fr::from_bool((index >> (LOG_M - 1 - j)) & 1 == 1))
            .collect()
    }

    #[test]
    fn every_mle_equals_its_table_on_the_whole_hypercube() {
        for kind in SubtableKind::iter() {
            let table = kind.materialize();
            assert_eq!(table.len(), M);
            for (index, value) in table.iter().enumerate() {
                assert_eq!(
                    kind.evaluate_mle(&bits(index)),
                    *value,
                    "{} at {index:#06x}",
                    kind.name()
                );
            }
        }
    }

    #[test]
    fn every_mle_is_the_multilinear_extension_at_random_points() {
        let mut rng = StdRng::seed_from_u64(5);
        for kind in SubtableKind::iter() {
            let poly = DensePolynomial::new(kind.materialize());
            for _ in 0..4 {
                let point: Vec<Fr> = (0..LOG_M).map(|_| Fr::rand(&mut rng)).collect();
                assert_eq!(
                    kind.evaluate_mle(&point),
                    poly.evaluate(&point),
                    "{}",
                    kind.name()
                );
            }
        }
    }

    #[test]
    fn entries_have_their_documented_meaning() {
        use SubtableKind::*;
        let idx = |x: u32, y: u32| (x << 8) | y;
        assert_eq!(And.entry(idx(0b1100, 0b1010)), 0b1000);
        assert_eq!(Or.entry(idx(0b1100, 0b1010)), 0b1110);
        assert_eq!(Xor.entry(idx(0b1100, 0b1010)), 0b0110);
        assert_eq!((Eq.entry(idx(7, 7)), Eq.entry(idx(7, 8))), (1, 0));
        assert_eq!(
            (EqAbs.entry(idx(0x85, 0x05)), EqAbs.entry(idx(0x85, 0x06))),
            (1, 0)
        );
        assert_eq!(
            (
                Ltu.entry(idx(3, 200)),
                Ltu.entry(idx(200, 3)),
                Ltu.entry(idx(9, 9))
            ),
            (1, 0, 0)
        );
        assert_eq!(
            (LtAbs.entry(idx(0x81, 0x02)), LtAbs.entry(idx(0x02, 0x81))),
            (1, 0)
        );
        assert_eq!(
            (LeftMsb.entry(idx(0x80, 0)), RightMsb.entry(idx(0, 0x7F))),
            (1, 0)
        );
        assert_eq!(
            (LeftIsZero.entry(idx(0, 9)), RightIsZero.entry(idx(9, 1))),
            (1, 0)
        );
        assert_eq!(
            (DivByZero.entry(idx(0, 0xFF)), DivByZero.entry(idx(1, 0xFF))),
            (1, 0)
        );
        assert_eq!(
            (Identity.entry(0xBEEF), TruncateOverflow.entry(0xBEEF)),
            (0xBEEF, 0)
        );
        assert_eq!(
            (LowTwoBits.entry(0xBEEF), ClearLsb.entry(0xBEEF)),
            (3, 0xBEEE)
        );
        assert_eq!(
            (SignExtend8.entry(0x1280), SignExtend8.entry(0x127F)),
            (0xFFFF_FF80, 0x7F)
        );
        assert_eq!(
            (SignExtend16.entry(0x8001), SignExtend16.entry(0x7FFF)),
            (0xFFFF_8001, 0x7FFF)
        );
        assert_eq!(
            (
                DivOverflow.entry(idx(0x80, 0xFF)),
                DivOverflow.entry(idx(0x80, 0xFE))
            ),
            (1, 0)
        );
        // Shifts: the four chunk contributions of a word add up to the shifted word.
        for (word, shift) in [
            (0x8123_4567u32, 0u32),
            (0x8123_4567, 1),
            (0xF0F0_0001, 31),
            (0xFFFF_FFFF, 13),
            (5, 36),
        ] {
            let chunks = word.to_be_bytes();
            let s = shift & 31;
            let sll: u64 = [Sll0, Sll1, Sll2, Sll3]
                .iter()
                .zip(chunks)
                .map(|(t, c)| t.entry(idx(u32::from(c), shift & 0xFF)))
                .sum();
            let srl: u64 = [Srl0, Srl1, Srl2, Srl3]
                .iter()
                .zip(chunks)
                .map(|(t, c)| t.entry(idx(u32::from(c), shift & 0xFF)))
                .sum();
            let sra = srl + SraSign.entry(idx(u32::from(chunks[0]), shift & 0xFF));
            assert_eq!(sll, u64::from(word << s), "{word:#x} << {shift}");
            assert_eq!(srl, u64::from(word >> s), "{word:#x} >> {shift}");
            assert_eq!(
                sra,
                u64::from(((word as i32) >> s) as u32),
                "{word:#x} >>a {shift}"
            );
        }
    }

    #[test]
    fn names_are_explicit() {
        assert_eq!(SubtableKind::Sll0.name(), "SLL0");
        assert_eq!(SubtableKind::COUNT, SubtableKind::iter().count());
    }
}
