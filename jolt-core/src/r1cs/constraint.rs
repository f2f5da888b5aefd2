//! The vocabulary of a uniform constraint system: [`Term`]s, [`LinearCombination`]s of them and
//! [`Constraint`]s $A \cdot B = C$.
//!
//! Linear combinations are built with operators: a [`Term`] or [`Public`] converts into a
//! combination with coefficient 1, `+`/`-` add combinations, and `* k` scales by anything that
//! converts into [`Fr`] (`i64`, `i128`, `u64`, `Fr`, …):
//!
//! ```
//! use jolt_core::r1cs::{Constraint, LinearCombination, Public, Term};
//! let (x, step) = (Term::Column(0), Term::Column(1));
//! // Next(x) = x + step, except on the last cycle.
//! let counter = Constraint::new(
//!     "counter",
//!     Term::Next(0) - x - step,
//!     Public::One - Public::IsLast,
//!     LinearCombination::zero(),
//! );
//! // x = 4 · step + 7 on every cycle.
//! let affine = Constraint::equal("affine", x, step * 4 + LinearCombination::constant(7));
//! # let _ = (counter, affine);
//! ```

use core::ops::{Add, Mul, Neg, Sub};

use ark_ff::{AdditiveGroup, Field};
use math::Fr;

/// A public column: the verifier knows its multilinear extension and evaluates it itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Public {
    /// 1 on every cycle; $\widetilde{one}(r) = 1$.
    One,
    /// 1 on cycle 0 only; $\widetilde{eq}(r, 0\dots0) = \prod_i (1 - r_i)$.
    IsFirst,
    /// 1 on cycle $T - 1$ only; $\widetilde{eq}(r, 1\dots1) = \prod_i r_i$.
    IsLast,
    /// `constants[k]` on every cycle, the constants being supplied per statement at prove and
    /// verify time (e.g. an exit code), so one key serves many statements.
    Constant(usize),
}

/// One variable of the per-cycle constraint block, read at cycle $c$.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// Witness column `i` at cycle $c$.
    Column(usize),
    /// Witness column `i` at cycle $c + 1$; **0 at the last cycle** $c = T - 1$ (no wrap).
    Next(usize),
    /// A public column at cycle $c$.
    Public(Public),
}

impl From<Public> for Term {
    fn from(p: Public) -> Self {
        Term::Public(p)
    }
}

/// $\sum_j k_j \cdot t_j$ over [`Term`]s with constant coefficients.
///
/// Like terms are not merged while building; [`UniformR1cs::new`](super::UniformR1cs::new)
/// normalises every combination (merges like terms, drops zero coefficients, sorts by term).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinearCombination {
    terms: Vec<(Term, Fr)>,
}

impl LinearCombination {
    /// The empty combination, 0.
    pub fn zero() -> Self {
        Self::default()
    }

    /// `value` on every cycle: `Public::One * value`.
    pub fn constant(value: impl Into<Fr>) -> Self {
        Self::term(Public::One, value)
    }

    /// `coeff * term`.
    pub fn term(term: impl Into<Term>, coeff: impl Into<Fr>) -> Self {
        Self {
            terms: vec![(term.into(), coeff.into())],
        }
    }

    /// The `(term, coefficient)` pairs.
    pub fn terms(&self) -> &[(Term, Fr)] {
        &self.terms
    }

    /// Merges like terms, drops zero coefficients and sorts by term: a canonical form, so the
    /// key digest depends only on the combination's value.
    pub(super) fn normalized(self) -> Self {
        let mut terms = self.terms;
        terms.sort_by_key(|(t, _)| *t);
        let mut merged: Vec<(Term, Fr)> = Vec::with_capacity(terms.len());
        for (t, k) in terms {
            match merged.last_mut() {
                Some((last, acc)) if *last == t => *acc += k,
                _ => merged.push((t, k)),
            }
        }
        merged.retain(|(_, k)| *k != Fr::ZERO);
        Self { terms: merged }
    }
}

impl From<Term> for LinearCombination {
    fn from(t: Term) -> Self {
        Self::term(t, Fr::ONE)
    }
}

impl From<Public> for LinearCombination {
    fn from(p: Public) -> Self {
        Self::term(p, Fr::ONE)
    }
}

impl<R: Into<LinearCombination>> Add<R> for LinearCombination {
    type Output = LinearCombination;

    fn add(mut self, rhs: R) -> LinearCombination {
        self.terms.extend(rhs.into().terms);
        self
    }
}

impl<R: Into<LinearCombination>> Sub<R> for LinearCombination {
    type Output = LinearCombination;

    fn sub(self, rhs: R) -> LinearCombination {
        self + -rhs.into()
    }
}

impl Neg for LinearCombination {
    type Output = LinearCombination;

    fn neg(mut self) -> LinearCombination {
        for (_, k) in &mut self.terms {
            *k = -*k;
        }
        self
    }
}

impl<K: Into<Fr>> Mul<K> for LinearCombination {
    type Output = LinearCombination;

    fn mul(mut self, scalar: K) -> LinearCombination {
        let scalar = scalar.into();
        for (_, k) in &mut self.terms {
            *k *= scalar;
        }
        self
    }
}

/// `+`, `-`, unary `-` and `* k` on a type that converts into a [`LinearCombination`].
macro_rules! lc_operators {
    ($t:ty) => {
        impl<R: Into<LinearCombination>> Add<R> for $t {
            type Output = LinearCombination;

            fn add(self, rhs: R) -> LinearCombination {
                LinearCombination::from(self) + rhs
            }
        }

        impl<R: Into<LinearCombination>> Sub<R> for $t {
            type Output = LinearCombination;

            fn sub(self, rhs: R) -> LinearCombination {
                LinearCombination::from(self) - rhs
            }
        }

        impl Neg for $t {
            type Output = LinearCombination;

            fn neg(self) -> LinearCombination {
                -LinearCombination::from(self)
            }
        }

        impl<K: Into<Fr>> Mul<K> for $t {
            type Output = LinearCombination;

            fn mul(self, scalar: K) -> LinearCombination {
                LinearCombination::term(self, scalar)
            }
        }
    };
}
lc_operators!(Term);
lc_operators!(Public);

/// One row of the per-cycle block: $(A z)(c) \cdot (B z)(c) = (C z)(c)$ for every cycle $c$.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// A name for the debug check's report (not part of the key digest).
    pub name: &'static str,
    /// $A$.
    pub a: LinearCombination,
    /// $B$.
    pub b: LinearCombination,
    /// $C$.
    pub c: LinearCombination,
}

impl Constraint {
    /// $a \cdot b = c$.
    pub fn new(
        name: &'static str,
        a: impl Into<LinearCombination>,
        b: impl Into<LinearCombination>,
        c: impl Into<LinearCombination>,
    ) -> Self {
        Self {
            name,
            a: a.into(),
            b: b.into(),
            c: c.into(),
        }
    }

    /// $lhs = rhs$ on every cycle: $(lhs - rhs) \cdot 1 = 0$.
    pub fn equal(
        name: &'static str,
        lhs: impl Into<LinearCombination>,
        rhs: impl Into<LinearCombination>,
    ) -> Self {
        Self::new(
            name,
            lhs.into() - rhs,
            Public::One,
            LinearCombination::zero(),
        )
    }

    /// $lhs = rhs$ on the cycles where `condition` is 1: $condition \cdot (lhs - rhs) = 0$.
    pub fn equal_if(
        name: &'static str,
        condition: impl Into<LinearCombination>,
        lhs: impl Into<LinearCombination>,
        rhs: impl Into<LinearCombination>,
    ) -> Self {
        Self::new(name, condition, lhs.into() - rhs, LinearCombination::zero())
    }

    /// $A$, $B$, $C$ in order.
    pub fn combinations(&self) -> [&LinearCombination; 3] {
        [&self.a, &self.b, &self.c]
    }
}
