//! The scalar field: BN254's $\mathbb{F}_r$ and cheap conversions from small integers.
//!
//! Every crate of the workspace uses [`Fr`] directly — there is no field type parameter. The
//! design fixes the curve (BN254, for Hyrax over $\mathbb{G}_1$ and Zeromorph over the pairing),
//! so genericity would buy nothing but compile time and indirection.
//!
//! Most committed values in a Jolt-style VM are small (bits, bytes, 16-bit chunks, counters).
//! [`FieldExt`] converts them without going through `BigInt` where that is measurably cheaper,
//! and [`SmallValue`] is the element type of compact polynomials
//! ([`CompactPolynomial`](crate::poly::CompactPolynomial)).

use ark_ff::{AdditiveGroup, BigInt, Field};

/// The BN254 scalar field, $p = 21888242871839275222246405745257275088548364400416034343698204186575808495617$.
pub type Fr = ark_bn254::Fr;

/// `FROM_U8[v] = v` as a field element (Montgomery form), built at compile time.
static FROM_U8: [Fr; 256] = {
    let mut table = [Fr::ZERO; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = Fr::new(BigInt::new([i as u64, 0, 0, 0]));
        i += 1;
    }
    table
};

/// Cheap conversions of small integers into [`Fr`].
///
/// `u8` and `bool` are table lookups (no multiplication); wider types cost one Montgomery
/// multiplication. Negative values map to $p - |v|$.
pub trait FieldExt: Sized {
    /// `v` as a field element.
    fn from_bool(v: bool) -> Self;
    /// `v` as a field element.
    fn from_u8(v: u8) -> Self;
    /// `v` as a field element.
    fn from_u16(v: u16) -> Self;
    /// `v` as a field element.
    fn from_u32(v: u32) -> Self;
    /// `v` as a field element.
    fn from_u64(v: u64) -> Self;
    /// `v` as a field element (negative `v` maps to $p - |v|$).
    fn from_i64(v: i64) -> Self;
    /// `v` as a field element (negative `v` maps to $p - |v|$).
    fn from_i128(v: i128) -> Self;
}

impl FieldExt for Fr {
    #[inline(always)]
    fn from_bool(v: bool) -> Self {
        if v { Fr::ONE } else { Fr::ZERO }
    }

    #[inline(always)]
    fn from_u8(v: u8) -> Self {
        FROM_U8[usize::from(v)]
    }

    #[inline(always)]
    fn from_u16(v: u16) -> Self {
        Self::from_u64(u64::from(v))
    }

    #[inline(always)]
    fn from_u32(v: u32) -> Self {
        Self::from_u64(u64::from(v))
    }

    #[inline(always)]
    fn from_u64(v: u64) -> Self {
        if v < 256 {
            FROM_U8[v as usize]
        } else {
            Fr::from(v)
        }
    }

    #[inline(always)]
    fn from_i64(v: i64) -> Self {
        let magnitude = Self::from_u64(v.unsigned_abs());
        if v < 0 { -magnitude } else { magnitude }
    }

    #[inline(always)]
    fn from_i128(v: i128) -> Self {
        Fr::from(v)
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for bool {}
    impl Sealed for u8 {}
    impl Sealed for u16 {}
    impl Sealed for u32 {}
    impl Sealed for u64 {}
}

/// An unsigned integer type (or `bool`) that compact polynomials store instead of 32-byte field
/// elements. Sealed: the set is `bool, u8, u16, u32, u64`.
pub trait SmallValue:
    sealed::Sealed + Copy + Default + Eq + Send + Sync + core::fmt::Debug + 'static
{
    /// Number of bits needed to hold any value of the type.
    const BITS: u32;
    /// The value as a `u64`.
    fn to_u64(self) -> u64;
    /// The value as a field element.
    fn to_field(self) -> Fr;
    /// `self · f`, using the cheapest form for the type (a selection for `bool`).
    #[inline(always)]
    fn mul_field(self, f: Fr) -> Fr {
        f * self.to_field()
    }
}

impl SmallValue for bool {
    const BITS: u32 = 1;
    #[inline(always)]
    fn to_u64(self) -> u64 {
        u64::from(self)
    }
    #[inline(always)]
    fn to_field(self) -> Fr {
        Fr::from_bool(self)
    }
    #[inline(always)]
    fn mul_field(self, f: Fr) -> Fr {
        if self { f } else { Fr::ZERO }
    }
}

macro_rules! small_unsigned {
    ($t:ty, $from:ident) => {
        impl SmallValue for $t {
            const BITS: u32 = <$t>::BITS;
            #[inline(always)]
            fn to_u64(self) -> u64 {
                u64::from(self)
            }
            #[inline(always)]
            fn to_field(self) -> Fr {
                Fr::$from(self)
            }
        }
    };
}
small_unsigned!(u8, from_u8);
small_unsigned!(u16, from_u16);
small_unsigned!(u32, from_u32);
small_unsigned!(u64, from_u64);

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::PrimeField;

    #[test]
    fn conversions_agree_with_arkworks() {
        for v in 0..=255u8 {
            assert_eq!(Fr::from_u8(v), Fr::from(u64::from(v)));
        }
        for v in [0u64, 1, 255, 256, 65_535, 1 << 32, u64::MAX] {
            assert_eq!(Fr::from_u64(v), Fr::from(v));
            assert_eq!(Fr::from_u64(v).into_bigint(), BigInt::from(v));
        }
        assert_eq!(Fr::from_u16(u16::MAX), Fr::from(65_535u64));
        assert_eq!(Fr::from_u32(u32::MAX), Fr::from(u64::from(u32::MAX)));
        assert_eq!(Fr::from_bool(true), Fr::ONE);
        assert_eq!(Fr::from_bool(false), Fr::ZERO);
        for v in [0i64, 1, -1, 255, -255, 256, -256, i64::MIN, i64::MAX] {
            assert_eq!(Fr::from_i64(v), Fr::from(v), "{v}");
            assert_eq!(Fr::from_i128(i128::from(v)), Fr::from(v), "{v}");
        }
        assert_eq!(Fr::from_i64(-1) + Fr::ONE, Fr::ZERO);
        assert_eq!(Fr::from_i128(i128::MIN), -Fr::from(2u64).pow([127]));
    }

    #[test]
    fn small_values_multiply_like_field_elements() {
        let f = Fr::from(123_456_789u64);
        assert_eq!(true.mul_field(f), f);
        assert_eq!(false.mul_field(f), Fr::ZERO);
        assert_eq!(200u8.mul_field(f), f * Fr::from(200u64));
        assert_eq!(u64::MAX.mul_field(f), f * Fr::from(u64::MAX));
    }
}
