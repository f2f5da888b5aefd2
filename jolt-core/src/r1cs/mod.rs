//! Uniform R1CS and a Spartan-style zero-check: the VM's per-cycle constraints (DESIGN.md §6).
//!
//! # Relation
//! A trace of $T = 2^n$ cycles ($n \ge 1$) is a list of witness **columns** $z_i$, each a
//! multilinear polynomial with one value per cycle (`math`'s variable order: $x_0$ is the most
//! significant bit of the cycle index). A [`UniformR1cs`] is a small block of constraints
//! $(A_k z)(c) \cdot (B_k z)(c) = (C_k z)(c)$ applied at **every** cycle $c$, where $A_k, B_k, C_k$
//! are [`LinearCombination`]s with constant coefficients of [`Term`]s:
//! - [`Term::Column`]`(i)`: $z_i(c)$;
//! - [`Term::Next`]`(i)`: $z_i(c + 1)$, defined as **0 at the last cycle** (no wrap);
//! - [`Term::Public`]: a column the verifier knows — [`Public::One`], [`Public::IsFirst`]
//!   ($c = 0$), [`Public::IsLast`] ($c = T - 1$), or [`Public::Constant`]`(k)`, the statement's
//!   `constants[k]` on every cycle (so one key serves statements with different exit codes).
//!
//! [`prove`] shows that every constraint holds at every cycle; [`verify`] reduces this to
//! [`ColumnClaim`]s — "$\tilde z_i(\text{point}) = \text{value}$" — that the caller discharges
//! with its PCS. The columns are the **same** committed polynomials the other components
//! (bytecode, memory, lookups) open: that sharing is what makes the components sound together.
//! [`UniformR1cs::check`] is a debug helper (like halo2's `MockProver`) naming the first failing
//! constraint and cycle.
//!
//! # Files
//! | file | owns |
//! |---|---|
//! | `constraint.rs` | [`Term`], [`Public`], [`LinearCombination`] (with operators), [`Constraint`] |
//! | `system.rs` | [`UniformR1cs`]: validation, normalisation, digest, the zero-check's slot layout |
//! | `check.rs` | [`UniformR1cs::check`], the debug check (integer fast path, field fallback) |
//! | `relation.rs` | $G$ compiled into a flat sparse form, shared by prover and verifier |
//! | `shift.rs` | the successor MLE $S$: closed form (verifier) and table (prover) |
//! | `prover.rs`, `verifier.rs`, `proof.rs`, `error.rs` | [`prove`], [`verify`], [`SpartanProof`], [`R1csError`] |
//!
//! # Protocol
//! 1. Absorb the key digest, $n$ and the constants; draw $\rho$ and $\tau \in \mathbb{F}^n$.
//! 2. **Zero-check.** With $G(c) = \sum_k \rho^k [(A_k z)(c) (B_k z)(c) - (C_k z)(c)]$, prove
//!    $\sum_{c \in \{0,1\}^n} \widetilde{eq}(\tau, c)\, G(c) = 0$ by one sum-check
//!    ([`EqCombinationSumcheck`](math::EqCombinationSumcheck), degree 3) over the used columns,
//!    the shifted columns $z^{next}_i$ (materialised by the prover) and the `IsFirst`/`IsLast`
//!    indicators; `One` and the constants are folded into $G$. At its point $r$ the prover
//!    sends $\tilde z_i(r)$ for each used column and $\tilde z^{next}_i(r)$ for each shifted
//!    one; the verifier evaluates $\widetilde{IsFirst}(r) = \prod_i (1 - r_i)$ and
//!    $\widetilde{IsLast}(r) = \prod_i r_i$ itself and checks the final claim equals
//!    $\widetilde{eq}(\tau, r) \cdot G(\text{those values})$.
//! 3. **Shift sum-check** (only if some column is read with `Next`). Since
//!    $\tilde z^{next}(r) = \sum_{c'} S(r, c')\, z(c')$ for the successor MLE $S$ (see
//!    `shift.rs`), draw $\mu$ and prove
//!    $\sum_i \mu^i \tilde z^{next}_i(r) = \sum_{c'} S(r, c') \sum_i \mu^i z_i(c')$
//!    ([`CombinationSumcheck`](math::CombinationSumcheck), degree 2). At its point $r'$ the
//!    prover sends $\tilde z_i(r')$; the verifier computes $S(r, r')$ in $O(n)$ and checks.
//! 4. Output the claims: each used column at $r$, then each shifted column at $r'$.
//!
//! **Why there is no Spartan inner sum-check** (DESIGN.md §6 sketches one over
//! $(A + \rho B + \rho^2 C)(r_x, y) \cdot z(y)$): the witness is segmented into per-column
//! polynomials and the constraint block is uniform and small, so $(A_k z)(r)$ is a linear
//! combination of the columns' evaluations at the *same* point $r$ — the verifier computes
//! $G$ from one evaluation per column in $O(\text{key size})$ and never needs the matrices'
//! MLEs. The cross-cycle (`Next`) terms are what the inner sum-check would otherwise absorb;
//! the shift sum-check handles exactly those.
//!
//! # Soundness
//! Suppose some constraint fails at some cycle $c^*$, and the returned claims are true (the PCS
//! enforces them). Then:
//! - $G(c^*)$ is a non-zero polynomial of degree $\le K - 1$ in $\rho$ ($K$ constraints), so
//!   $G(c^*) = 0$ with probability $\le (K - 1)/|\mathbb{F}|$; otherwise $G$ is non-zero on the
//!   hypercube, its MLE $\tilde G$ is a non-zero multilinear polynomial and
//!   $\sum_c \widetilde{eq}(\tau, c) G(c) = \tilde G(\tau) = 0$ with probability
//!   $\le n / |\mathbb{F}|$;
//! - the sum-check of the degree-3 polynomial $\widetilde{eq}(\tau, x) G(\tilde z(x), \dots)$ then
//!   accepts a false claim with probability $\le 3n/|\mathbb{F}|$, given that the values the final
//!   check uses are the true $\tilde z_i(r)$, $\tilde z^{next}_i(r)$;
//! - the $\tilde z_i(r)$ are claims the PCS checks; the claimed $\tilde z^{next}_i(r)$ are tied to
//!   the committed $z_i$ by the shift sum-check: a false one makes the $\mu$-batched claim false
//!   except with probability $\le s/|\mathbb{F}|$ ($s$ shifted columns), and the degree-2
//!   sum-check accepts a false claim with probability $\le 2n/|\mathbb{F}|$.
//!
//! Total soundness error $\le (K + s + 6n)/|\mathbb{F}| < 2^{-240}$ for any realistic sizes, plus
//! the PCS's. Fiat–Shamir binds all of it to the key (digest), $n$ and the constants, which are
//! absorbed before any challenge.
//!
//! # Transcript schedule
//! The caller has appended its commitments to the columns. Then:
//! 1. `append_bytes(KEY, digest)`, `append_u64(LOG_CYCLES, n)`, `append_scalars(CONSTANTS, constants)`;
//! 2. $\rho$ = `challenge_scalar(RHO)`, $\tau$ = `challenge_vector(TAU, n)`;
//! 3. the zero-check sum-check (claim 0, $n$ rounds, degree 3; `math`'s schedule);
//! 4. `append_scalars(COLUMN_EVALS, …)`, `append_scalars(NEXT_EVALS, …)`;
//! 5. if some column is shifted: $\mu$ = `challenge_powers(SHIFT_BATCH, s)`, the shift
//!    sum-check ($n$ rounds, degree 2), `append_scalars(SHIFT_EVALS, …)`.
//!
//! # Symbols
//! | paper | identifier |
//! |---|---|
//! | $T = 2^n$ | `1 << log_cycles` |
//! | $z_i$ | `columns[i]` |
//! | $A_k, B_k, C_k$ | [`Constraint`] `a`, `b`, `c` |
//! | $\rho$, $\tau$, $\mu$ | `rho`, `tau`, `mu` |
//! | $r$, $r'$ | zero-check point `r`, shift point `r_shift` |
//! | $\tilde z_i(r)$, $\tilde z^{next}_i(r)$, $\tilde z_i(r')$ | [`SpartanProof`] `column_evals`, `next_evals`, `shift_evals` |
//! | $S(x, y)$ | `successor_mle` |
//!
//! # Costs
//! The prover clones each used column (compact columns stay compact until the first bind), and
//! materialises one shifted copy per `Next` column and one bit column per used indicator. The
//! zero-check's first bind turns every input into a dense half-length vector: about
//! $16 T$ bytes per input polynomial at peak. $G$ is precompiled (`relation.rs`) so one
//! evaluation allocates nothing: every $C_k$ and every product with a constant side is merged
//! into one linear form; only genuinely quadratic rows multiply. Unused columns are never touched.
//!
//! # Obligations of the caller (jolt-core's top level)
//! - Commit to the witness columns and append the commitments to the transcript **before**
//!   [`prove`]/[`verify`]; discharge every returned [`ColumnClaim`] with the PCS afterwards.
//! - Claims come in a fixed order: each [used column](UniformR1cs::used_columns) at $r$
//!   (ascending), then each [shifted column](UniformR1cs::shifted_columns) at $r'$
//!   (ascending). A column read both ways gets two claims at two points; a column no constraint
//!   reads gets none and is never touched.
//! - The verifier passes its own key, $\log T$ and constants; nothing structural is read from
//!   the proof. The constants are absorbed, so a proof is bound to the statement's values.
//!
//! # Measured
//! Shared 2-core machine with other builds running beside (load 2–3), release, `parallel` on;
//! the `timing` test in `tests/protocol.rs` (blocks of the counter system: 7 constraints and 9
//! columns per block, mostly compact, two `Next` columns and two dense columns per block).
//! Ranges are over runs at different loads:
//!
//! | $T$ | constraints | columns (used / shifted) | check | prove | verify | proof |
//! |---|---|---|---|---|---|---|
//! | $2^{16}$ | 42 | 54 (42 / 12) | 59–88 ms | 0.33–0.57 s | 0.18 ms | 4,969 B |
//! | $2^{20}$ | 56 | 72 (56 / 16) | 1.1 s | 9.6–15 s | 0.22 ms | 6,377 B |
//!
//! Proving time is dominated by `math`'s eq-weighted sum-check over the 74 input polynomials
//! (line extensions and binds): replacing $G$ by a single slot read changed it by less than the
//! run-to-run noise. The way to make it cheaper is fewer or narrower inputs, not a faster $G$.
//!
//! # References
//! - Setty, *Spartan*, ePrint 2019/550 (sum-check based R1CS, the zero-check).
//! - Arun, Setty, Thaler, *Jolt*, ePrint 2023/1217 (uniform per-cycle constraints).
//! - Thaler, *Proofs, Arguments, and Zero-Knowledge*, §4.1 (sum-check), §3.5 (MLEs).

mod check;
mod constraint;
mod error;
mod proof;
mod prover;
mod relation;
mod shift;
mod system;
mod verifier;

#[cfg(test)]
mod tests;

use math::{Fr, Transcript};

pub use constraint::{Constraint, LinearCombination, Public, Term};
pub use error::{R1csError, UnsatisfiedConstraint};
pub use proof::SpartanProof;
pub use prover::prove;
pub use system::UniformR1cs;
pub use verifier::verify;

/// Transcript labels.
mod label {
    pub(super) const KEY: &[u8] = b"r1cs_key_digest";
    pub(super) const LOG_CYCLES: &[u8] = b"r1cs_log_cycles";
    pub(super) const CONSTANTS: &[u8] = b"r1cs_constants";
    pub(super) const RHO: &[u8] = b"r1cs_constraint_batch";
    pub(super) const TAU: &[u8] = b"r1cs_zero_check_point";
    pub(super) const COLUMN_EVALS: &[u8] = b"r1cs_column_evals";
    pub(super) const NEXT_EVALS: &[u8] = b"r1cs_next_evals";
    pub(super) const SHIFT_BATCH: &[u8] = b"r1cs_shift_batch";
    pub(super) const SHIFT_EVALS: &[u8] = b"r1cs_shift_evals";
}

/// "Witness column `column`'s MLE at `point` equals `value`": to be discharged by the caller's
/// PCS opening accumulator.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "an R1CS proof proves nothing until its column claims are discharged"]
pub struct ColumnClaim {
    /// The column index in the [`UniformR1cs`].
    pub column: usize,
    /// The point, in `math`'s variable order (`point[0]` is $x_0$, the most significant bit).
    pub point: Vec<Fr>,
    /// The claimed evaluation.
    pub value: Fr,
}

/// Steps 1–2 of the schedule: absorbs the statement, then draws $\rho$ and $\tau$.
fn absorb_statement(
    r1cs: &UniformR1cs,
    log_cycles: usize,
    constants: &[Fr],
    transcript: &mut Transcript,
) -> (Fr, Vec<Fr>) {
    transcript.append_bytes(label::KEY, &r1cs.digest());
    transcript.append_u64(label::LOG_CYCLES, log_cycles as u64);
    transcript.append_scalars(label::CONSTANTS, constants);
    let rho = transcript.challenge_scalar(label::RHO);
    let tau = transcript.challenge_vector(label::TAU, log_cycles);
    (rho, tau)
}
