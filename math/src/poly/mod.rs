//! Polynomials: multilinear (dense and compact), eq, identity, univariate.
//!
//! # Variable order (used by every crate)
//!
//! A multilinear polynomial on $n$ variables is stored as its $2^n$ evaluations on the
//! hypercube. Entry `i` is the value at $x = (x_0, \dots, x_{n-1})$ where
//! **$x_0$ is the most significant bit of `i`** and $x_{n-1}$ its least significant bit:
//!
//! $$ i = \sum_{j<n} x_j \, 2^{\,n-1-j}. $$
//!
//! A point `r: &[Fr]` lists coordinates in the same order, `r[0]` for $x_0$.
//!
//! **Binding** always fixes the *first* remaining variable ($x_0$, the top half/bottom half
//! split of the evaluation vector): `f'[i] = f[i] + r·(f[i + len/2] − f[i])`. A sum-check
//! therefore binds $x_0, x_1, \dots$ in order and its challenges $(r_0, r_1, \dots)$ are the
//! evaluation point as is — no reversal anywhere. Tests in this module pin all of this down
//! (`bind` then `evaluate` equals `evaluate`; the MLE at `bits(i)` equals entry `i`).
//!
//! | type | stores | use |
//! |---|---|---|
//! | [`DensePolynomial`] | `Vec<Fr>` | general witness polynomials |
//! | [`CompactPolynomial<T>`] | `Vec<T>`, `T ∈ {bool,u8,u16,u32,u64}` | flags, chunks, counters |
//! | [`MultilinearPolynomial`] | either | sum-check inputs |
//! | [`EqPolynomial`] | the point $r$ | $\widetilde{eq}(r, \cdot)$ tables and evaluations |
//! | [`IdentityPolynomial`] | $n$ | $\widetilde{id}(x) = \sum_j 2^{n-1-j} x_j$ |
//! | [`UniPoly`], [`CompressedUniPoly`] | coefficients | sum-check round messages |

mod compact;
mod dense;
mod eq;
mod identity;
mod multilinear;
mod unipoly;

#[cfg(test)]
mod tests;

pub use compact::CompactPolynomial;
pub use dense::DensePolynomial;
pub use eq::EqPolynomial;
pub(crate) use eq::suffix_tables;
pub use identity::IdentityPolynomial;
pub use multilinear::MultilinearPolynomial;
pub use unipoly::{CompressedUniPoly, UniPoly};

/// $n$ for a multilinear polynomial with `len` $= 2^n$ hypercube values.
///
/// # Panics
/// If `len` is not a power of two (a zero-variable polynomial has one value).
fn num_vars_of_len(len: usize) -> usize {
    assert!(
        len.is_power_of_two(),
        "a multilinear polynomial needs 2^n evaluations, got {len}"
    );
    len.trailing_zeros() as usize
}
