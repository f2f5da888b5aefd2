//! Lookup instructions: each one's evaluation table has $2^{64}$ entries and is never
//! materialised; a query is cut into [`C`] chunks of 16 bits, each chunk is looked up in one
//! or more [subtables](crate::subtables), and the collation polynomial $g$ combines the
//! subtable values into the result (Lasso/Surge, ePrint 2023/1216 §4; Jolt, ePrint
//! 2023/1217 §4).
//!
//! # Query shapes
//! A query is built from two 32-bit operands `x`, `y` in one of three ways ([`QueryShape`]);
//! chunk 0 is the most significant.
//!
//! | shape | chunk $i$ (16 bits) | what R1CS packs (jolt-core) |
//! |---|---|---|
//! | interleaved | $x_i \cdot 2^8 + y_i$, bytes $x_i, y_i$ of the operands | $x = \sum_i l_i 2^{8(3-i)}$, $y = \sum_i r_i 2^{8(3-i)}$ |
//! | shift | $x_i \cdot 2^8 + (y \bmod 2^8)$ | $x = \sum_i l_i 2^{8(3-i)}$, $r_0 = r_1 = r_2 = r_3 = y$ |
//! | arithmetic | bits $16(3-i)..16(4-i)$ of $z$ ($z = x + y$, $x + 2^{32} - y$, $x y$ or $x$) | $z = \sum_i (2^8 l_i + r_i)\, 2^{16(3-i)}$ |
//!
//! Here $l_i$ and $r_i$ are the high and low byte of chunk $i$. **Range checks**: jolt-core
//! looks each chunk up as the *pair* $(l_i, r_i)$, and the read-only memory check of every
//! (subtable, chunk) memory compares the pair with the table's own (high byte, low byte)
//! columns, so both bytes are in $[0, 2^8)$ individually — not only $2^8 l_i + r_i < 2^{16}$.
//! That is what makes the R1CS packings above sound: with only the 16-bit index range-checked,
//! a prover could move a carry between $l_i$ and $r_{i}$ and make the subtable see other
//! operands than the ones R1CS packed. Every chunk of every lookup is read by at least one
//! subtable (tested), so every chunk is range-checked on every cycle that uses the lookup.
//!
//! The shift shape needs $y < 2^8$ for the R1CS packing: shift *immediates* are below 32,
//! and the register shifts are two-instruction sequences that first mask the amount
//! (see [`crate::rv32im`]).
//!
//! # Collation
//! [`LookupInstruction::subtables`] lists (subtable, chunk) pairs; [`LookupInstruction::collate`]
//! is $g$ over their values in that order; [`LookupInstruction::g_degree`] its total degree.
//! The result is [`LookupInstruction::lookup_entry`], the native semantics, which the tests
//! check equals $g$ on random and edge operands and agrees with the tracer.

use math::{FieldExt, Fr};
use strum::{EnumCount, EnumIter, IntoStaticStr};

use crate::subtables::SubtableKind;

/// Chunks per query.
pub const C: usize = 4;

/// How a query is cut into chunks (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueryShape {
    /// Chunk $i$ = byte $i$ of `x` (high) and byte $i$ of `y` (low).
    Interleaved,
    /// Chunk $i$ = byte $i$ of `x` (high) and the low byte of `y` (low).
    Shift,
    /// Chunk $i$ = 16 bits of the 64-bit value [`LookupInstruction::arithmetic_value`].
    Arithmetic,
}

/// Every lookup instruction. Real RV32IM instructions map onto these through
/// [`crate::rv32im`]; the virtual ones serve virtual sequences and assertions (an assertion
/// is a lookup whose output R1CS requires to be 1).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum Lookup {
    /// `x + y mod 2^32`.
    Add,
    /// `x − y mod 2^32`.
    Sub,
    /// `x · y mod 2^32` (signed and unsigned alike: this is also Jolt's MULU).
    Mul,
    /// `⌊x · y / 2^32⌋`, unsigned.
    Mulhu,
    /// `(x + y) & !1 mod 2^32`: the JALR target.
    JalrTarget,
    /// `(x + y) & !3 mod 2^32`: the word holding a byte address.
    AlignWord,
    /// `8 · ((x + y) & 3)`: the bit offset of a byte address within its word.
    ByteOffsetShift,
    /// Assertion: `(x + y)` is even (halfword alignment).
    AssertHalfAligned,
    /// Assertion: `x · y < 2^32` (unsigned).
    AssertMuluNoOverflow,
    /// `x` (virtual MOVE).
    Move,
    /// `x`, the prover's advice, range-checked to 32 bits (virtual ADVICE).
    Advice,
    /// The low byte of `x`, sign-extended.
    SignExtend8,
    /// The low halfword of `x`, sign-extended.
    SignExtend16,
    /// `x & y`.
    And,
    /// `x | y`.
    Or,
    /// `x ^ y`.
    Xor,
    /// `x == y` (BEQ; asserted: ASSERT_EQ).
    Eq,
    /// `x != y` (BNE).
    Ne,
    /// `x < y`, signed (SLT, BLT).
    Slt,
    /// `x >= y`, signed (BGE).
    Sge,
    /// `x < y`, unsigned (SLTU, BLTU).
    Sltu,
    /// `x >= y`, unsigned (BGEU).
    Sgeu,
    /// `x <= y`, unsigned (asserted: ASSERT_LTE).
    Leu,
    /// `0xFFFF_FFFF` if `x` is negative, else 0 (virtual MOVSIGN).
    Movsign,
    /// `y == 0xFFFF_FFFF` whenever `x == 0`: a quotient `y` is valid for divisor `x`.
    ValidDiv0,
    /// `y == 0 || x < y`: a remainder `x` is valid for divisor `y` (unsigned).
    ValidUnsignedRemainder,
    /// 2 if `x == INT_MIN && y == −1`, else 0: added to the divisor, it turns the one
    /// overflowing signed division into a division by 1.
    SignedDivOverflow,
    /// `x << (y mod 32)`.
    Sll,
    /// `x >> (y mod 32)`, logical.
    Srl,
    /// `x >> (y mod 32)`, arithmetic.
    Sra,
}

/// A lookup instruction: how its query is chunked, which subtables read which chunk, and how
/// their values are combined. Implemented by [`Lookup`].
pub trait LookupInstruction {
    /// The query shape.
    fn shape(&self) -> QueryShape;
    /// The (subtable, chunk) pairs read, in the order [`collate`](Self::collate) takes their
    /// values.
    fn subtables(&self) -> &'static [(SubtableKind, usize)];
    /// The collation polynomial $g$ over the subtable values.
    ///
    /// # Panics
    /// If `values.len() != self.subtables().len()` (a structural bug in the caller).
    fn collate(&self, values: &[Fr]) -> Fr;
    /// The total degree of $g$.
    fn g_degree(&self) -> usize;
    /// The native result for operands `x`, `y`.
    fn lookup_entry(&self, x: u32, y: u32) -> u32;
    /// For arithmetic lookups, the 64-bit value that is chunked; for the other shapes `None`.
    fn arithmetic_value(&self, x: u32, y: u32) -> Option<u64>;
    /// The [`C`] 16-bit chunk indices of the query for operands `x`, `y`.
    fn to_indices(&self, x: u32, y: u32) -> [u16; C];
}

use SubtableKind as S;

/// `[(T, 0), (T, 1), (T, 2), (T, 3)]`.
macro_rules! per_chunk {
    ($t:expr) => {
        &[($t, 0), ($t, 1), ($t, 2), ($t, 3)]
    };
}

const LOW_WORD: &[(S, usize)] = &[
    (S::TruncateOverflow, 0),
    (S::TruncateOverflow, 1),
    (S::Identity, 2),
    (S::Identity, 3),
];
const HIGH_WORD: &[(S, usize)] = &[
    (S::Identity, 0),
    (S::Identity, 1),
    (S::TruncateOverflow, 2),
    (S::TruncateOverflow, 3),
];
const LESS_THAN_U: &[(S, usize)] = &[
    (S::Ltu, 0),
    (S::Ltu, 1),
    (S::Ltu, 2),
    (S::Ltu, 3),
    (S::Eq, 0),
    (S::Eq, 1),
    (S::Eq, 2),
];
const LESS_EQ_U: &[(S, usize)] = &[
    (S::Ltu, 0),
    (S::Ltu, 1),
    (S::Ltu, 2),
    (S::Ltu, 3),
    (S::Eq, 0),
    (S::Eq, 1),
    (S::Eq, 2),
    (S::Eq, 3),
];
const LESS_THAN_S: &[(S, usize)] = &[
    (S::LeftMsb, 0),
    (S::RightMsb, 0),
    (S::LtAbs, 0),
    (S::Eq, 0),
    (S::Ltu, 1),
    (S::Ltu, 2),
    (S::Ltu, 3),
    (S::Eq, 1),
    (S::Eq, 2),
];

/// $L_0 + E_0 (L_1 + E_1 (L_2 + E_2 L_3))$ for `lt = [L_0..L_3]`, `eq = [E_0, E_1, E_2]`.
fn less_than_chain(lt: &[Fr], eq: &[Fr]) -> Fr {
    let mut acc = lt[lt.len() - 1];
    for i in (0..lt.len() - 1).rev() {
        acc = lt[i] + eq[i] * acc;
    }
    acc
}

fn one() -> Fr {
    Fr::from_u8(1)
}

fn product(values: &[Fr]) -> Fr {
    values.iter().product()
}

impl Lookup {
    /// The name used in tables and reports (`"JALR_TARGET"`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

impl LookupInstruction for Lookup {
    fn shape(&self) -> QueryShape {
        use Lookup::*;
        match self {
            Add | Sub | Mul | Mulhu | JalrTarget | AlignWord | ByteOffsetShift
            | AssertHalfAligned | AssertMuluNoOverflow | Move | Advice | SignExtend8
            | SignExtend16 => QueryShape::Arithmetic,
            And
            | Or
            | Xor
            | Eq
            | Ne
            | Slt
            | Sge
            | Sltu
            | Sgeu
            | Leu
            | Movsign
            | ValidDiv0
            | ValidUnsignedRemainder
            | SignedDivOverflow => QueryShape::Interleaved,
            Sll | Srl | Sra => QueryShape::Shift,
        }
    }

    fn subtables(&self) -> &'static [(SubtableKind, usize)] {
        use Lookup::*;
        match self {
            Add | Sub | Mul | Move | Advice => LOW_WORD,
            Mulhu => HIGH_WORD,
            JalrTarget => &[
                (S::TruncateOverflow, 0),
                (S::TruncateOverflow, 1),
                (S::Identity, 2),
                (S::ClearLsb, 3),
            ],
            AlignWord => &[
                (S::TruncateOverflow, 0),
                (S::TruncateOverflow, 1),
                (S::Identity, 2),
                (S::Identity, 3),
                (S::LowTwoBits, 3),
            ],
            ByteOffsetShift => &[
                (S::TruncateOverflow, 0),
                (S::TruncateOverflow, 1),
                (S::TruncateOverflow, 2),
                (S::LowTwoBits, 3),
            ],
            AssertHalfAligned => &[
                (S::TruncateOverflow, 0),
                (S::TruncateOverflow, 1),
                (S::TruncateOverflow, 2),
                (S::Identity, 3),
                (S::ClearLsb, 3),
            ],
            AssertMuluNoOverflow => &[
                (S::LeftIsZero, 0),
                (S::RightIsZero, 0),
                (S::LeftIsZero, 1),
                (S::RightIsZero, 1),
                (S::TruncateOverflow, 2),
                (S::TruncateOverflow, 3),
            ],
            SignExtend8 => &[
                (S::TruncateOverflow, 0),
                (S::TruncateOverflow, 1),
                (S::TruncateOverflow, 2),
                (S::SignExtend8, 3),
            ],
            SignExtend16 => &[
                (S::TruncateOverflow, 0),
                (S::TruncateOverflow, 1),
                (S::TruncateOverflow, 2),
                (S::SignExtend16, 3),
            ],
            And => per_chunk!(S::And),
            Or => per_chunk!(S::Or),
            Xor => per_chunk!(S::Xor),
            Eq | Ne => per_chunk!(S::Eq),
            Slt | Sge => LESS_THAN_S,
            Sltu | Sgeu => LESS_THAN_U,
            Leu => LESS_EQ_U,
            Movsign => &[
                (S::LeftMsb, 0),
                (S::TruncateOverflow, 1),
                (S::TruncateOverflow, 2),
                (S::TruncateOverflow, 3),
            ],
            ValidDiv0 => &[
                (S::LeftIsZero, 0),
                (S::LeftIsZero, 1),
                (S::LeftIsZero, 2),
                (S::LeftIsZero, 3),
                (S::DivByZero, 0),
                (S::DivByZero, 1),
                (S::DivByZero, 2),
                (S::DivByZero, 3),
            ],
            ValidUnsignedRemainder => &[
                (S::Ltu, 0),
                (S::Ltu, 1),
                (S::Ltu, 2),
                (S::Ltu, 3),
                (S::Eq, 0),
                (S::Eq, 1),
                (S::Eq, 2),
                (S::RightIsZero, 0),
                (S::RightIsZero, 1),
                (S::RightIsZero, 2),
                (S::RightIsZero, 3),
            ],
            SignedDivOverflow => &[
                (S::DivOverflow, 0),
                (S::DivByZero, 1),
                (S::DivByZero, 2),
                (S::DivByZero, 3),
            ],
            Sll => &[(S::Sll0, 0), (S::Sll1, 1), (S::Sll2, 2), (S::Sll3, 3)],
            Srl => &[(S::Srl0, 0), (S::Srl1, 1), (S::Srl2, 2), (S::Srl3, 3)],
            Sra => &[
                (S::Srl0, 0),
                (S::Srl1, 1),
                (S::Srl2, 2),
                (S::Srl3, 3),
                (S::SraSign, 0),
            ],
        }
    }

    fn collate(&self, v: &[Fr]) -> Fr {
        use Lookup::*;
        assert_eq!(
            v.len(),
            self.subtables().len(),
            "{}: one value per (subtable, chunk)",
            self.name()
        );
        let two16 = Fr::from_u64(1 << 16);
        let word = |v: &[Fr]| {
            v.iter()
                .fold(Fr::from_u8(0), |acc, &b| acc * Fr::from_u64(1 << 8) + b)
        };
        match self {
            Add | Sub | Mul | Move | Advice | JalrTarget => two16 * v[2] + v[3],
            Mulhu => two16 * v[0] + v[1],
            AlignWord => two16 * v[2] + v[3] - v[4],
            ByteOffsetShift => Fr::from_u8(8) * v[3],
            AssertHalfAligned => one() - v[3] + v[4],
            AssertMuluNoOverflow => product(&v[..4]),
            SignExtend8 | SignExtend16 => v[3],
            Movsign => v[0] * Fr::from_u64(0xFFFF_FFFF),
            And | Or | Xor => word(v),
            Eq => product(v),
            Ne => one() - product(v),
            Sltu => less_than_chain(&v[..4], &v[4..]),
            Sgeu => one() - less_than_chain(&v[..4], &v[4..]),
            // L_0 + E_0 (L_1 + E_1 (L_2 + E_2 (L_3 + E_3))): "less" with equality at the end.
            Leu => less_than_chain(&[v[0], v[1], v[2], v[3] + v[7]], &v[4..7]),
            Slt | Sge => {
                let (lm, rm, lt_abs, eq0) = (v[0], v[1], v[2], v[3]);
                let same_sign = lm * rm + (one() - lm) * (one() - rm);
                // Chunk 0 decides on the signs, then on the 7 low bits; equal top bytes
                // defer to the unsigned comparison of the three lower chunks.
                let lt = lm * (one() - rm)
                    + same_sign * lt_abs
                    + eq0 * less_than_chain(&v[4..7], &v[7..9]);
                if *self == Slt { lt } else { one() - lt }
            }
            ValidDiv0 => one() - product(&v[..4]) + product(&v[4..]),
            ValidUnsignedRemainder => less_than_chain(&v[..4], &v[4..7]) + product(&v[7..]),
            SignedDivOverflow => Fr::from_u8(2) * product(v),
            Sll | Srl | Sra => v.iter().sum(),
        }
    }

    fn g_degree(&self) -> usize {
        use Lookup::*;
        match self {
            Add | Sub | Mul | Move | Advice | JalrTarget | Mulhu | AlignWord | ByteOffsetShift
            | AssertHalfAligned | SignExtend8 | SignExtend16 | Movsign | And | Or | Xor | Sll
            | Srl | Sra => 1,
            Eq
            | Ne
            | Sltu
            | Sgeu
            | Leu
            | Slt
            | Sge
            | ValidDiv0
            | ValidUnsignedRemainder
            | SignedDivOverflow
            | AssertMuluNoOverflow => 4,
        }
    }

    fn lookup_entry(&self, x: u32, y: u32) -> u32 {
        use Lookup::*;
        let (sx, sy) = (x as i32, y as i32);
        let s = y & 31;
        match self {
            Add => x.wrapping_add(y),
            Sub => x.wrapping_sub(y),
            Mul => x.wrapping_mul(y),
            Mulhu => ((u64::from(x) * u64::from(y)) >> 32) as u32,
            JalrTarget => x.wrapping_add(y) & !1,
            AlignWord => x.wrapping_add(y) & !3,
            ByteOffsetShift => 8 * (x.wrapping_add(y) & 3),
            AssertHalfAligned => u32::from(x.wrapping_add(y) & 1 == 0),
            AssertMuluNoOverflow => u32::from(x.checked_mul(y).is_some()),
            Move | Advice => x,
            SignExtend8 => x as u8 as i8 as i32 as u32,
            SignExtend16 => x as u16 as i16 as i32 as u32,
            And => x & y,
            Or => x | y,
            Xor => x ^ y,
            Eq => u32::from(x == y),
            Ne => u32::from(x != y),
            Slt => u32::from(sx < sy),
            Sge => u32::from(sx >= sy),
            Sltu => u32::from(x < y),
            Sgeu => u32::from(x >= y),
            Leu => u32::from(x <= y),
            Movsign => (sx >> 31) as u32,
            ValidDiv0 => u32::from(x != 0 || y == u32::MAX),
            ValidUnsignedRemainder => u32::from(y == 0 || x < y),
            SignedDivOverflow => 2 * u32::from(x == 0x8000_0000 && y == u32::MAX),
            Sll => x << s,
            Srl => x >> s,
            Sra => (sx >> s) as u32,
        }
    }

    fn arithmetic_value(&self, x: u32, y: u32) -> Option<u64> {
        use Lookup::*;
        let (x, y) = (u64::from(x), u64::from(y));
        match self {
            Add | JalrTarget | AlignWord | ByteOffsetShift | AssertHalfAligned => Some(x + y),
            Sub => Some(x + (1 << 32) - y),
            Mul | Mulhu | AssertMuluNoOverflow => Some(x * y),
            Move | Advice | SignExtend8 | SignExtend16 => Some(x),
            _ => None,
        }
    }

    fn to_indices(&self, x: u32, y: u32) -> [u16; C] {
        let (xb, yb) = (x.to_be_bytes(), y.to_be_bytes());
        match self.shape() {
            QueryShape::Interleaved => core::array::from_fn(|i| u16::from_be_bytes([xb[i], yb[i]])),
            QueryShape::Shift => core::array::from_fn(|i| u16::from_be_bytes([xb[i], yb[3]])),
            QueryShape::Arithmetic => {
                let z = self.arithmetic_value(x, y).unwrap_or(0);
                core::array::from_fn(|i| (z >> (16 * (C - 1 - i))) as u16)
            }
        }
    }
}
