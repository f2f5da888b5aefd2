//! [`UniformR1cs`], the key: validated and normalised constraints, which columns the protocol
//! touches (the slot layout), and a digest that binds proofs to the key.

use math::Transcript;

use super::constraint::{Constraint, Public, Term};
use super::error::R1csError;

/// Domain and labels of the digest's private transcript (never the proof's transcript).
mod digest_label {
    pub(super) const DOMAIN: &[u8] = b"jolt-core uniform r1cs key";
    pub(super) const SHAPE: &[u8] = b"r1cs_key_shape";
    pub(super) const LC_LEN: &[u8] = b"r1cs_key_lc_len";
    pub(super) const TERM: &[u8] = b"r1cs_key_term";
    pub(super) const COEFF: &[u8] = b"r1cs_key_coeff";
    pub(super) const DIGEST: &[u8] = b"r1cs_key_digest";
}

/// A uniform constraint system: the same block of constraints at every cycle.
///
/// Built once from the VM's constraint list (by the prover **and** by the verifier — the key is
/// never read from a proof). Every linear combination is normalised at construction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniformR1cs {
    constraints: Vec<Constraint>,
    column_names: Vec<&'static str>,
    num_constants: usize,
    layout: Layout,
    digest: [u8; 32],
}

impl UniformR1cs {
    /// The system over `column_names.len()` witness columns and `num_constants` public
    /// constants ([`Public::Constant`]`(0..num_constants)`).
    ///
    /// Fails with [`R1csError::BadColumnIndex`] / [`R1csError::BadConstantIndex`] for a term out
    /// of range, and [`R1csError::NoWitnessTerms`] if no constraint mentions a witness column.
    pub fn new(
        column_names: Vec<&'static str>,
        num_constants: usize,
        constraints: Vec<Constraint>,
    ) -> Result<Self, R1csError> {
        let num_columns = column_names.len();
        for constraint in &constraints {
            for lc in constraint.combinations() {
                for (term, _) in lc.terms() {
                    match *term {
                        Term::Column(column) | Term::Next(column) if column >= num_columns => {
                            return Err(R1csError::BadColumnIndex {
                                constraint: constraint.name,
                                column,
                                num_columns,
                            });
                        }
                        Term::Public(Public::Constant(constant)) if constant >= num_constants => {
                            return Err(R1csError::BadConstantIndex {
                                constraint: constraint.name,
                                constant,
                                num_constants,
                            });
                        }
                        _ => {}
                    }
                }
            }
        }
        let constraints: Vec<Constraint> = constraints
            .into_iter()
            .map(|c| Constraint {
                name: c.name,
                a: c.a.normalized(),
                b: c.b.normalized(),
                c: c.c.normalized(),
            })
            .collect();
        let layout = Layout::new(num_columns, &constraints);
        if layout.used.is_empty() && layout.shifted.is_empty() {
            return Err(R1csError::NoWitnessTerms);
        }
        let digest = digest(num_columns, num_constants, &constraints);
        Ok(Self {
            constraints,
            column_names,
            num_constants,
            layout,
            digest,
        })
    }

    /// Number of constraints per cycle.
    pub fn num_constraints(&self) -> usize {
        self.constraints.len()
    }

    /// Number of witness columns.
    pub fn num_columns(&self) -> usize {
        self.column_names.len()
    }

    /// Number of public constants a statement supplies.
    pub fn num_constants(&self) -> usize {
        self.num_constants
    }

    /// The normalised constraints, in order.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// The columns' names, by index.
    pub fn column_names(&self) -> &[&'static str] {
        &self.column_names
    }

    /// Columns read at the current cycle by some constraint (sorted). Each gets a
    /// [`ColumnClaim`](super::ColumnClaim) at the zero-check point $r$.
    pub fn used_columns(&self) -> &[usize] {
        &self.layout.used
    }

    /// Columns read at the next cycle ([`Term::Next`]) by some constraint (sorted). Each gets a
    /// [`ColumnClaim`](super::ColumnClaim) at the shift point $r'$.
    pub fn shifted_columns(&self) -> &[usize] {
        &self.layout.shifted
    }

    /// A 32-byte digest of the key: column and constant counts and every normalised
    /// coefficient (names excluded). Prove and verify absorb it, so a proof binds to its key.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    pub(super) fn layout(&self) -> &Layout {
        &self.layout
    }
}

/// Where a term's value comes from in the zero-check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slot {
    /// Input polynomial `k` of the zero-check.
    Poly(usize),
    /// The constant 1.
    One,
    /// Public constant `k`.
    Constant(usize),
}

/// The zero-check's input polynomials, in slot order: used columns (ascending), next-shifted
/// columns (ascending), then `IsFirst` and `IsLast` when some constraint uses them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Layout {
    pub(super) used: Vec<usize>,
    pub(super) shifted: Vec<usize>,
    pub(super) is_first: bool,
    pub(super) is_last: bool,
    column_slot: Vec<Option<usize>>,
    next_slot: Vec<Option<usize>>,
}

impl Layout {
    fn new(num_columns: usize, constraints: &[Constraint]) -> Self {
        let mut column_used = vec![false; num_columns];
        let mut next_used = vec![false; num_columns];
        let (mut is_first, mut is_last) = (false, false);
        for constraint in constraints {
            for lc in constraint.combinations() {
                for (term, _) in lc.terms() {
                    match *term {
                        Term::Column(i) => column_used[i] = true,
                        Term::Next(i) => next_used[i] = true,
                        Term::Public(Public::IsFirst) => is_first = true,
                        Term::Public(Public::IsLast) => is_last = true,
                        Term::Public(Public::One | Public::Constant(_)) => {}
                    }
                }
            }
        }
        let used: Vec<usize> = (0..num_columns).filter(|&i| column_used[i]).collect();
        let shifted: Vec<usize> = (0..num_columns).filter(|&i| next_used[i]).collect();
        let mut column_slot = vec![None; num_columns];
        for (slot, &i) in used.iter().enumerate() {
            column_slot[i] = Some(slot);
        }
        let mut next_slot = vec![None; num_columns];
        for (k, &i) in shifted.iter().enumerate() {
            next_slot[i] = Some(used.len() + k);
        }
        Self {
            used,
            shifted,
            is_first,
            is_last,
            column_slot,
            next_slot,
        }
    }

    /// Number of zero-check input polynomials.
    pub(super) fn num_polys(&self) -> usize {
        self.used.len()
            + self.shifted.len()
            + usize::from(self.is_first)
            + usize::from(self.is_last)
    }

    /// The slot of `IsFirst`, if used.
    pub(super) fn is_first_slot(&self) -> Option<usize> {
        self.is_first
            .then_some(self.used.len() + self.shifted.len())
    }

    /// The slot of `IsLast`, if used.
    pub(super) fn is_last_slot(&self) -> Option<usize> {
        self.is_last
            .then_some(self.used.len() + self.shifted.len() + usize::from(self.is_first))
    }

    /// Where `term`'s value comes from.
    ///
    /// # Panics
    /// If `term` does not occur in the system this layout was built from.
    pub(super) fn slot(&self, term: Term) -> Slot {
        const MISSING: &str = "the layout has a slot for every term of its own system";
        match term {
            Term::Column(i) => Slot::Poly(self.column_slot[i].expect(MISSING)),
            Term::Next(i) => Slot::Poly(self.next_slot[i].expect(MISSING)),
            Term::Public(Public::One) => Slot::One,
            Term::Public(Public::Constant(k)) => Slot::Constant(k),
            Term::Public(Public::IsFirst) => Slot::Poly(self.is_first_slot().expect(MISSING)),
            Term::Public(Public::IsLast) => Slot::Poly(self.is_last_slot().expect(MISSING)),
        }
    }
}

/// The key digest: a private merlin transcript over the shape and every normalised term.
fn digest(num_columns: usize, num_constants: usize, constraints: &[Constraint]) -> [u8; 32] {
    let mut t = Transcript::new(digest_label::DOMAIN);
    for v in [num_columns, num_constants, constraints.len()] {
        t.append_u64(digest_label::SHAPE, v as u64);
    }
    for constraint in constraints {
        for lc in constraint.combinations() {
            t.append_u64(digest_label::LC_LEN, lc.terms().len() as u64);
            for (term, coeff) in lc.terms() {
                let (tag, index) = match *term {
                    Term::Column(i) => (0u8, i),
                    Term::Next(i) => (1, i),
                    Term::Public(Public::One) => (2, 0),
                    Term::Public(Public::IsFirst) => (3, 0),
                    Term::Public(Public::IsLast) => (4, 0),
                    Term::Public(Public::Constant(k)) => (5, k),
                };
                let mut bytes = [0u8; 9];
                bytes[0] = tag;
                bytes[1..].copy_from_slice(&(index as u64).to_le_bytes());
                t.append_bytes(digest_label::TERM, &bytes);
                t.append_scalar(digest_label::COEFF, coeff);
            }
        }
    }
    let mut out = [0u8; 32];
    t.challenge_bytes(digest_label::DIGEST, &mut out);
    out
}
