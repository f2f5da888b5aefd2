//! [`MultilinearPolynomial`]: one type for dense and compact polynomials, so a sum-check can
//! mix them (e.g. a dense eq-weighted term times a `u8` chunk column times a `bool` flag).

use super::{CompactPolynomial, DensePolynomial};
use crate::field::{Fr, SmallValue};

/// A dense or compact multilinear polynomial. Binding a compact one turns it dense.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultilinearPolynomial {
    /// Field elements.
    Dense(DensePolynomial),
    /// Bits (flags).
    Bool(CompactPolynomial<bool>),
    /// Bytes.
    U8(CompactPolynomial<u8>),
    /// 16-bit values (chunks).
    U16(CompactPolynomial<u16>),
    /// 32-bit values (words, addresses).
    U32(CompactPolynomial<u32>),
    /// 64-bit values (counters, timestamps).
    U64(CompactPolynomial<u64>),
}

/// Runs `$body` with `$p` bound to the inner polynomial, whatever its representation.
macro_rules! dispatch {
    ($self:expr, $p:ident => $body:expr) => {
        match $self {
            MultilinearPolynomial::Dense($p) => $body,
            MultilinearPolynomial::Bool($p) => $body,
            MultilinearPolynomial::U8($p) => $body,
            MultilinearPolynomial::U16($p) => $body,
            MultilinearPolynomial::U32($p) => $body,
            MultilinearPolynomial::U64($p) => $body,
        }
    };
}

impl MultilinearPolynomial {
    /// Number of unbound variables.
    pub fn num_vars(&self) -> usize {
        dispatch!(self, p => p.num_vars())
    }

    /// Number of evaluations, $2^n$.
    pub fn len(&self) -> usize {
        dispatch!(self, p => p.len())
    }

    /// Always false: a polynomial has at least one evaluation.
    pub fn is_empty(&self) -> bool {
        dispatch!(self, p => p.is_empty())
    }

    /// Whether the values are stored as small integers.
    pub fn is_compact(&self) -> bool {
        !matches!(self, MultilinearPolynomial::Dense(_))
    }

    /// $\tilde f(r)$.
    ///
    /// # Panics
    /// If `point` does not have `num_vars()` coordinates.
    pub fn evaluate(&self, point: &[Fr]) -> Fr {
        dispatch!(self, p => p.evaluate(point))
    }

    /// Fixes $x_0$ to `r` (see [`DensePolynomial::bind`]); a compact polynomial becomes dense.
    ///
    /// # Panics
    /// If the polynomial has no variables left.
    pub fn bind(&mut self, r: Fr) {
        match self {
            MultilinearPolynomial::Dense(p) => p.bind(r),
            MultilinearPolynomial::Bool(p) => *self = MultilinearPolynomial::Dense(p.bind(r)),
            MultilinearPolynomial::U8(p) => *self = MultilinearPolynomial::Dense(p.bind(r)),
            MultilinearPolynomial::U16(p) => *self = MultilinearPolynomial::Dense(p.bind(r)),
            MultilinearPolynomial::U32(p) => *self = MultilinearPolynomial::Dense(p.bind(r)),
            MultilinearPolynomial::U64(p) => *self = MultilinearPolynomial::Dense(p.bind(r)),
        }
    }

    /// The value at hypercube index `i`, as a field element.
    pub fn get(&self, i: usize) -> Fr {
        match self {
            MultilinearPolynomial::Dense(p) => p[i],
            MultilinearPolynomial::Bool(p) => p.coeffs()[i].to_field(),
            MultilinearPolynomial::U8(p) => p.coeffs()[i].to_field(),
            MultilinearPolynomial::U16(p) => p.coeffs()[i].to_field(),
            MultilinearPolynomial::U32(p) => p.coeffs()[i].to_field(),
            MultilinearPolynomial::U64(p) => p.coeffs()[i].to_field(),
        }
    }

    /// The value of a fully bound polynomial.
    ///
    /// # Panics
    /// If variables remain unbound.
    pub fn final_value(&self) -> Fr {
        assert_eq!(self.num_vars(), 0, "polynomial still has unbound variables");
        self.get(0)
    }

    /// Sum of all hypercube values.
    pub fn sum_over_hypercube(&self) -> Fr {
        dispatch!(self, p => p.sum_over_hypercube())
    }

    /// The polynomial as field elements.
    pub fn to_dense(&self) -> DensePolynomial {
        match self {
            MultilinearPolynomial::Dense(p) => p.clone(),
            MultilinearPolynomial::Bool(p) => p.to_dense(),
            MultilinearPolynomial::U8(p) => p.to_dense(),
            MultilinearPolynomial::U16(p) => p.to_dense(),
            MultilinearPolynomial::U32(p) => p.to_dense(),
            MultilinearPolynomial::U64(p) => p.to_dense(),
        }
    }

    /// `out[t]` = value at $x_0 = t$ of the line through hypercube index `i` (of the remaining
    /// variables), for `t = 0..out.len()`. The sum-check inner loop.
    #[inline(always)]
    pub(crate) fn line_evals(&self, i: usize, out: &mut [Fr]) {
        dispatch!(self, p => p.line_evals(i, out));
    }
}

impl From<DensePolynomial> for MultilinearPolynomial {
    fn from(p: DensePolynomial) -> Self {
        MultilinearPolynomial::Dense(p)
    }
}

macro_rules! from_compact {
    ($t:ty, $variant:ident) => {
        impl From<CompactPolynomial<$t>> for MultilinearPolynomial {
            fn from(p: CompactPolynomial<$t>) -> Self {
                MultilinearPolynomial::$variant(p)
            }
        }
    };
}
from_compact!(bool, Bool);
from_compact!(u8, U8);
from_compact!(u16, U16);
from_compact!(u32, U32);
from_compact!(u64, U64);
