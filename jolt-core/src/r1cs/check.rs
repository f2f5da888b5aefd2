//! The debug check (like halo2's `MockProver`): evaluates every constraint at every cycle of an
//! honest witness and names the first one that fails.
//!
//! Rows whose coefficients and public constants are small integers and whose columns are all
//! compact are evaluated in `i128` with checked arithmetic (no field multiplication); a row with
//! a dense column or a large coefficient, or any overflow, is evaluated in [`Fr`]. The integer
//! verdict is exact for the field too: when $a$, $b$, $c$ and $ab$ fit in `i128`,
//! $|ab - c| < 2^{128} < p$, so $ab = c$ over $\mathbb{Z}$ iff over $\mathbb{F}_p$.

use ark_ff::{AdditiveGroup, Field, PrimeField};
use math::{Fr, MultilinearPolynomial};

use super::constraint::{LinearCombination, Public, Term};
use super::error::{R1csError, UnsatisfiedConstraint};
use super::system::UniformR1cs;

/// Cycles per task of the (parallel) scan.
const CHUNK: usize = 1 << 12;

impl UniformR1cs {
    /// Checks every constraint at every cycle of the witness `columns` (one per column of the
    /// system, each of length $T = 2^n$, $n \ge 1$) with the statement's `constants`.
    ///
    /// Returns [`R1csError::Unsatisfied`] for the first failure in cycle-major order (lowest
    /// cycle, then lowest constraint index), with the values $a, b, c$ of its three sides, or
    /// the shape error of a malformed witness. Not part of the protocol: `prove` does not call
    /// it (a cheating prover would not either).
    pub fn check(
        &self,
        columns: &[&MultilinearPolynomial],
        constants: &[Fr],
    ) -> Result<(), R1csError> {
        let log_cycles = witness_shape(self, columns, constants)?;
        let num_cycles = 1usize << log_cycles;
        let rows: Vec<CheckRow> = self
            .constraints()
            .iter()
            .enumerate()
            .map(|(index, c)| CheckRow::new(index, c.name, [&c.a, &c.b, &c.c], columns, constants))
            .collect();
        // Row-major inside a chunk (each row's columns stay hot), then the cycle-major first
        // failure of the chunk is the least (cycle, index) over the rows' first failures.
        let scan = |chunk: usize| {
            let cycles = chunk * CHUNK..((chunk + 1) * CHUNK).min(num_cycles);
            rows.iter()
                .filter_map(|row| {
                    cycles
                        .clone()
                        .find_map(|cycle| row.failure(columns, cycle, num_cycles))
                })
                .min_by_key(|failure| (failure.cycle, failure.index))
        };
        let num_chunks = num_cycles.div_ceil(CHUNK);
        #[cfg(feature = "parallel")]
        let failure = {
            use rayon::prelude::*;
            (0..num_chunks).into_par_iter().find_map_first(scan)
        };
        #[cfg(not(feature = "parallel"))]
        let failure = (0..num_chunks).find_map(scan);
        failure.map_or(Ok(()), |failure| {
            Err(R1csError::Unsatisfied(Box::new(failure)))
        })
    }
}

/// Validates a witness against the system and returns $n = \log_2 T$.
pub(super) fn witness_shape(
    r1cs: &UniformR1cs,
    columns: &[&MultilinearPolynomial],
    constants: &[Fr],
) -> Result<usize, R1csError> {
    if constants.len() != r1cs.num_constants() {
        return Err(R1csError::ConstantCount {
            expected: r1cs.num_constants(),
            got: constants.len(),
        });
    }
    if columns.len() != r1cs.num_columns() {
        return Err(R1csError::ColumnCount {
            expected: r1cs.num_columns(),
            got: columns.len(),
        });
    }
    // A valid system mentions a column, so there is at least one.
    let first = columns.first().ok_or(R1csError::NoWitnessTerms)?;
    let num_cycles = first.len();
    if let Some((column, p)) = columns
        .iter()
        .enumerate()
        .find(|(_, p)| p.len() != num_cycles)
    {
        return Err(R1csError::ColumnLength {
            column,
            expected: num_cycles,
            got: p.len(),
        });
    }
    let log_cycles = first.num_vars();
    if log_cycles == 0 {
        return Err(R1csError::TooFewCycles);
    }
    Ok(log_cycles)
}

/// Where a non-constant term's value comes from, at a given cycle.
#[derive(Clone, Copy, Debug)]
enum Source {
    Column(usize),
    Next(usize),
    IsFirst,
    IsLast,
}

/// $k_0 + \sum_j k_j \cdot \mathrm{source}_j$ with coefficients in `K` (`i128` or [`Fr`]).
#[derive(Clone, Debug)]
struct Form<K> {
    constant: K,
    terms: Vec<(Source, K)>,
}

/// One constraint, ready to evaluate: always in the field, and in integers when possible.
#[derive(Clone, Debug)]
struct CheckRow {
    index: usize,
    name: &'static str,
    field: [Form<Fr>; 3],
    integer: Option<[Form<i128>; 3]>,
}

impl CheckRow {
    fn new(
        index: usize,
        name: &'static str,
        lcs: [&LinearCombination; 3],
        columns: &[&MultilinearPolynomial],
        constants: &[Fr],
    ) -> Self {
        let field = lcs.map(|lc| {
            let mut form = Form {
                constant: Fr::ZERO,
                terms: Vec::new(),
            };
            for &(term, k) in lc.terms() {
                match term {
                    Term::Column(i) => form.terms.push((Source::Column(i), k)),
                    Term::Next(i) => form.terms.push((Source::Next(i), k)),
                    Term::Public(Public::IsFirst) => form.terms.push((Source::IsFirst, k)),
                    Term::Public(Public::IsLast) => form.terms.push((Source::IsLast, k)),
                    Term::Public(Public::One) => form.constant += k,
                    Term::Public(Public::Constant(i)) => form.constant += k * constants[i],
                }
            }
            form
        });
        let integer = field.each_ref().map(|form| {
            let compact = |s: &Source| match *s {
                Source::Column(i) | Source::Next(i) => columns[i].is_compact(),
                Source::IsFirst | Source::IsLast => true,
            };
            if !form.terms.iter().all(|(s, _)| compact(s)) {
                return None;
            }
            let terms = form
                .terms
                .iter()
                .map(|&(s, k)| Some((s, small_integer(k)?)))
                .collect::<Option<Vec<_>>>()?;
            Some(Form {
                constant: small_integer(form.constant)?,
                terms,
            })
        });
        let integer = match integer {
            [Some(a), Some(b), Some(c)] => Some([a, b, c]),
            _ => None,
        };
        Self {
            index,
            name,
            field,
            integer,
        }
    }

    /// The error for this row at `cycle`, if it fails there.
    fn failure(
        &self,
        columns: &[&MultilinearPolynomial],
        cycle: usize,
        num_cycles: usize,
    ) -> Option<UnsatisfiedConstraint> {
        let at = Cycle {
            columns,
            cycle,
            num_cycles,
        };
        if let Some([a, b, c]) = &self.integer
            && let (Some(a), Some(b), Some(c)) = (at.integer(a), at.integer(b), at.integer(c))
            && let Some(ab) = a.checked_mul(b)
        {
            return (ab != c)
                .then(|| self.unsatisfied(cycle, Fr::from(a), Fr::from(b), Fr::from(c)));
        }
        let [a, b, c] = self.field.each_ref().map(|form| at.field(form));
        (a * b != c).then(|| self.unsatisfied(cycle, a, b, c))
    }

    fn unsatisfied(&self, cycle: usize, a: Fr, b: Fr, c: Fr) -> UnsatisfiedConstraint {
        UnsatisfiedConstraint {
            constraint: self.name,
            index: self.index,
            cycle,
            a,
            b,
            c,
        }
    }
}

/// The witness at one cycle.
struct Cycle<'a> {
    columns: &'a [&'a MultilinearPolynomial],
    cycle: usize,
    num_cycles: usize,
}

impl Cycle<'_> {
    /// The entry of `source` as a field element.
    fn field_value(&self, source: Source) -> Fr {
        match source {
            Source::Column(i) => self.columns[i].get(self.cycle),
            Source::Next(i) if self.cycle + 1 < self.num_cycles => {
                self.columns[i].get(self.cycle + 1)
            }
            Source::Next(_) => Fr::ZERO,
            Source::IsFirst => Fr::from(self.cycle == 0),
            Source::IsLast => Fr::from(self.cycle + 1 == self.num_cycles),
        }
    }

    /// The entry of `source` as an integer, or `None` for a dense column.
    fn small_value(&self, source: Source) -> Option<u64> {
        match source {
            Source::Column(i) => small_entry(self.columns[i], self.cycle),
            Source::Next(i) if self.cycle + 1 < self.num_cycles => {
                small_entry(self.columns[i], self.cycle + 1)
            }
            Source::Next(_) => Some(0),
            Source::IsFirst => Some(u64::from(self.cycle == 0)),
            Source::IsLast => Some(u64::from(self.cycle + 1 == self.num_cycles)),
        }
    }

    fn field(&self, form: &Form<Fr>) -> Fr {
        form.terms.iter().fold(form.constant, |acc, &(s, k)| {
            let v = self.field_value(s);
            if k == Fr::ONE {
                acc + v
            } else if k == -Fr::ONE {
                acc - v
            } else {
                acc + k * v
            }
        })
    }

    /// The form's value, or `None` on a dense column or an overflow.
    fn integer(&self, form: &Form<i128>) -> Option<i128> {
        form.terms.iter().try_fold(form.constant, |acc, &(s, k)| {
            acc.checked_add(k.checked_mul(i128::from(self.small_value(s)?))?)
        })
    }
}

fn small_entry(poly: &MultilinearPolynomial, i: usize) -> Option<u64> {
    match poly {
        MultilinearPolynomial::Dense(_) => None,
        MultilinearPolynomial::Bool(p) => Some(u64::from(p.coeffs()[i])),
        MultilinearPolynomial::U8(p) => Some(u64::from(p.coeffs()[i])),
        MultilinearPolynomial::U16(p) => Some(u64::from(p.coeffs()[i])),
        MultilinearPolynomial::U32(p) => Some(u64::from(p.coeffs()[i])),
        MultilinearPolynomial::U64(p) => Some(p.coeffs()[i]),
    }
}

/// `k` as an integer of magnitude below $2^{127}$ (reading $p - m$ as $-m$), if it is one.
/// Sums and products that leave `i128` are caught by checked arithmetic.
fn small_integer(k: Fr) -> Option<i128> {
    let magnitude = |v: Fr| {
        let limbs = v.into_bigint().0;
        if limbs[2..].iter().any(|l| *l != 0) {
            return None;
        }
        i128::try_from(u128::from(limbs[0]) | (u128::from(limbs[1]) << 64)).ok()
    };
    magnitude(k).or_else(|| magnitude(-k).map(|m| -m))
}
