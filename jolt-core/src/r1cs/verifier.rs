//! The R1CS verifier. Scalar and total: every structural quantity comes from its own key and
//! $\log T$, every proof length is checked before use, and no proof content can make it panic.

use ark_ff::{AdditiveGroup, Field};
use math::sumcheck;
use math::{EqPolynomial, Fr, SumcheckError, SumcheckReduction, SumcheckStatement, Transcript};

use super::relation::Relation;
use super::shift::successor_mle;
use super::{ColumnClaim, R1csError, SpartanProof, UniformR1cs, absorb_statement, label};

/// Verifies `proof` for a trace of $T = 2^{\texttt{log\_cycles}}$ cycles under `r1cs` and the
/// statement's public `constants`. Returns the [`ColumnClaim`]s the caller must discharge with
/// its PCS (the same list, in the same order, as [`prove`](super::prove)); until they are, the
/// proof proves nothing.
///
/// The caller has already appended its commitments to the witness columns to `transcript`.
pub fn verify(
    r1cs: &UniformR1cs,
    log_cycles: usize,
    constants: &[Fr],
    proof: &SpartanProof,
    transcript: &mut Transcript,
) -> Result<Vec<ColumnClaim>, R1csError> {
    if log_cycles == 0 {
        return Err(R1csError::TooFewCycles);
    }
    if constants.len() != r1cs.num_constants() {
        return Err(R1csError::ConstantCount {
            expected: r1cs.num_constants(),
            got: constants.len(),
        });
    }
    let layout = r1cs.layout();
    check_len("column_evals", layout.used.len(), proof.column_evals.len())?;
    check_len("next_evals", layout.shifted.len(), proof.next_evals.len())?;
    check_len("shift_evals", layout.shifted.len(), proof.shift_evals.len())?;
    check_len(
        "shift sum-check (present or not)",
        usize::from(!layout.shifted.is_empty()),
        usize::from(proof.shift.is_some()),
    )?;

    let (rho, tau) = absorb_statement(r1cs, log_cycles, constants, transcript);

    // 1. Zero-check: the final claim must be eq(τ, r) · G(evaluations at r).
    let statement = SumcheckStatement {
        claimed_sum: Fr::ZERO,
        num_rounds: log_cycles,
        degree: 3,
    };
    let reduction =
        sumcheck::verify(&proof.zero_check, statement, transcript).map_err(|source| {
            R1csError::Sumcheck {
                stage: "zero-check",
                source,
            }
        })?;
    let r = reduction.point.clone();
    let mut values = Vec::with_capacity(layout.num_polys());
    values.extend_from_slice(&proof.column_evals);
    values.extend_from_slice(&proof.next_evals);
    if layout.is_first {
        values.push(r.iter().map(|ri| Fr::ONE - ri).product());
    }
    if layout.is_last {
        values.push(r.iter().product());
    }
    let relation = Relation::new(r1cs, rho, constants);
    let expected = EqPolynomial::new(tau).evaluate(&r) * relation.evaluate(&values);
    discharge(&reduction, expected, R1csError::FinalClaimMismatch)?;
    transcript.append_scalars(label::COLUMN_EVALS, &proof.column_evals);
    transcript.append_scalars(label::NEXT_EVALS, &proof.next_evals);

    let mut claims: Vec<ColumnClaim> = layout
        .used
        .iter()
        .zip(&proof.column_evals)
        .map(|(&column, &value)| ColumnClaim {
            column,
            point: r.clone(),
            value,
        })
        .collect();

    // 2. Shift sum-check: the final claim must be S(r, r') · Σ_i μ^i z_i(r').
    if let Some(shift) = &proof.shift {
        let mu = transcript.challenge_powers(label::SHIFT_BATCH, layout.shifted.len());
        let statement = SumcheckStatement {
            claimed_sum: mu.iter().zip(&proof.next_evals).map(|(m, v)| *m * v).sum(),
            num_rounds: log_cycles,
            degree: 2,
        };
        let reduction = sumcheck::verify(shift, statement, transcript).map_err(|source| {
            R1csError::Sumcheck {
                stage: "shift",
                source,
            }
        })?;
        let r_shift = reduction.point.clone();
        let weighted: Fr = mu.iter().zip(&proof.shift_evals).map(|(m, v)| *m * v).sum();
        let expected = successor_mle(&r, &r_shift) * weighted;
        discharge(&reduction, expected, R1csError::ShiftClaimMismatch)?;
        transcript.append_scalars(label::SHIFT_EVALS, &proof.shift_evals);
        claims.extend(
            layout
                .shifted
                .iter()
                .zip(&proof.shift_evals)
                .map(|(&column, &value)| ColumnClaim {
                    column,
                    point: r_shift.clone(),
                    value,
                }),
        );
    }
    Ok(claims)
}

fn check_len(what: &'static str, expected: usize, got: usize) -> Result<(), R1csError> {
    if expected == got {
        Ok(())
    } else {
        Err(R1csError::ProofShape {
            what,
            expected,
            got,
        })
    }
}

/// Checks a single-instance reduction's final claim against `expected`.
fn discharge(
    reduction: &SumcheckReduction,
    expected: Fr,
    mismatch: R1csError,
) -> Result<(), R1csError> {
    match reduction.discharge(&[expected]) {
        Ok(()) => Ok(()),
        Err(SumcheckError::FinalEvaluationMismatch) => Err(mismatch),
        Err(source) => Err(R1csError::Sumcheck {
            stage: "final claim",
            source,
        }),
    }
}
