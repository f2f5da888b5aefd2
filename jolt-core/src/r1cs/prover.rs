//! The R1CS prover: the zero-check over cycles, then the shift sum-check.

use ark_ff::AdditiveGroup;
use math::sumcheck;
use math::{
    CombinationSumcheck, CompactPolynomial, DensePolynomial, EqCombinationSumcheck, Fr,
    MultilinearPolynomial, SumcheckInstance, Transcript,
};

use super::check::witness_shape;
use super::relation::Relation;
use super::shift::successor_table;
use super::{ColumnClaim, R1csError, SpartanProof, UniformR1cs, absorb_statement, label};

/// Proves that `columns` satisfy every constraint of `r1cs` at every cycle, with the statement's
/// public `constants`. Returns the proof and the [`ColumnClaim`]s the caller must discharge
/// with its PCS (see the [module docs](super) for their order and the transcript schedule).
///
/// The caller has already appended its commitments to `columns` to `transcript`. The witness is
/// not checked first: a false witness yields a proof the verifier rejects (use
/// [`UniformR1cs::check`] to debug one). Errors only on a malformed witness (shape, constant
/// count).
pub fn prove(
    r1cs: &UniformR1cs,
    columns: &[&MultilinearPolynomial],
    constants: &[Fr],
    transcript: &mut Transcript,
) -> Result<(SpartanProof, Vec<ColumnClaim>), R1csError> {
    let log_cycles = witness_shape(r1cs, columns, constants)?;
    let layout = r1cs.layout();
    let _span = tracing::debug_span!(
        "r1cs::prove",
        log_cycles,
        constraints = r1cs.num_constraints(),
        polys = layout.num_polys()
    )
    .entered();
    let (rho, tau) = absorb_statement(r1cs, log_cycles, constants, transcript);

    // 1. Zero-check: Σ_c eq(τ, c) G(z(c)) = 0.
    let relation = Relation::new(r1cs, rho, constants);
    let mut polys: Vec<MultilinearPolynomial> = Vec::with_capacity(layout.num_polys());
    polys.extend(layout.used.iter().map(|&i| columns[i].clone()));
    polys.extend(layout.shifted.iter().map(|&i| shifted(columns[i])));
    if layout.is_first {
        polys.push(indicator(log_cycles, 0));
    }
    if layout.is_last {
        polys.push(indicator(log_cycles, (1 << log_cycles) - 1));
    }
    let mut zero_check = EqCombinationSumcheck::new(
        tau,
        polys,
        2,
        move |values: &[Fr]| relation.evaluate(values),
        Fr::ZERO,
    );
    let (zero_check_proof, r) =
        sumcheck::prove(&mut zero_check, transcript).map_err(|source| R1csError::Sumcheck {
            stage: "zero-check",
            source,
        })?;
    let mut evals = zero_check.final_evaluations();
    drop(zero_check);
    evals.truncate(layout.used.len() + layout.shifted.len());
    let next_evals = evals.split_off(layout.used.len());
    let column_evals = evals;
    transcript.append_scalars(label::COLUMN_EVALS, &column_evals);
    transcript.append_scalars(label::NEXT_EVALS, &next_evals);

    let mut claims: Vec<ColumnClaim> = layout
        .used
        .iter()
        .zip(&column_evals)
        .map(|(&column, &value)| ColumnClaim {
            column,
            point: r.clone(),
            value,
        })
        .collect();

    // 2. Shift sum-check: Σ_i μ^i z_i^next(r) = Σ_{c'} S(r, c') Σ_i μ^i z_i(c').
    let (shift, shift_evals) = if layout.shifted.is_empty() {
        (None, Vec::new())
    } else {
        let mu = transcript.challenge_powers(label::SHIFT_BATCH, layout.shifted.len());
        let claim: Fr = mu.iter().zip(&next_evals).map(|(m, v)| *m * v).sum();
        let mut polys = Vec::with_capacity(1 + layout.shifted.len());
        polys.push(DensePolynomial::new(successor_table(&r)).into());
        polys.extend(layout.shifted.iter().map(|&i| columns[i].clone()));
        let combine = move |values: &[Fr]| {
            let weighted: Fr = values[1..].iter().zip(&mu).map(|(v, m)| *v * m).sum();
            values[0] * weighted
        };
        let mut instance = CombinationSumcheck::with_claim(polys, 2, combine, claim);
        let (proof, r_shift) =
            sumcheck::prove(&mut instance, transcript).map_err(|source| R1csError::Sumcheck {
                stage: "shift",
                source,
            })?;
        let mut evals = instance.final_evaluations();
        let shift_evals = evals.split_off(1);
        transcript.append_scalars(label::SHIFT_EVALS, &shift_evals);
        claims.extend(
            layout
                .shifted
                .iter()
                .zip(&shift_evals)
                .map(|(&column, &value)| ColumnClaim {
                    column,
                    point: r_shift.clone(),
                    value,
                }),
        );
        (Some(proof), shift_evals)
    };

    let proof = SpartanProof {
        zero_check: zero_check_proof,
        column_evals,
        next_evals,
        shift,
        shift_evals,
    };
    Ok((proof, claims))
}

/// $z^{next}(c) = z(c + 1)$, and 0 at the last cycle, in the column's own representation.
fn shifted(column: &MultilinearPolynomial) -> MultilinearPolynomial {
    fn shift<T: Copy + Default>(values: &[T]) -> Vec<T> {
        let mut out = Vec::with_capacity(values.len());
        out.extend_from_slice(&values[1..]);
        out.push(T::default());
        out
    }
    match column {
        MultilinearPolynomial::Dense(p) => DensePolynomial::new(shift(p.evals())).into(),
        MultilinearPolynomial::Bool(p) => CompactPolynomial::new(shift(p.coeffs())).into(),
        MultilinearPolynomial::U8(p) => CompactPolynomial::new(shift(p.coeffs())).into(),
        MultilinearPolynomial::U16(p) => CompactPolynomial::new(shift(p.coeffs())).into(),
        MultilinearPolynomial::U32(p) => CompactPolynomial::new(shift(p.coeffs())).into(),
        MultilinearPolynomial::U64(p) => CompactPolynomial::new(shift(p.coeffs())).into(),
    }
}

/// The bit column that is 1 at `cycle` only.
fn indicator(log_cycles: usize, cycle: usize) -> MultilinearPolynomial {
    let mut bits = vec![false; 1 << log_cycles];
    bits[cycle] = true;
    CompactPolynomial::new(bits).into()
}
