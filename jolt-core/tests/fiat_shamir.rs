//! The frozen-challenge test of Fiat–Shamir (DESIGN.md §9 item 6): a mutated proof that
//! verifies when the honest run's challenges are **replayed** must fail with the real
//! transcript.
//!
//! `math`'s test-only `transcript-replay` feature (enabled here as a dev-dependency feature,
//! never in normal builds) records the challenges of an honest proof and replays them to the
//! verifier whatever it absorbs. Against that verifier a cheater who knows the challenges in
//! advance can change a sum-check round polynomial $s_j$ to $s_j + \delta h$ with
//! $h(X) = (X - r_j)(X - c)$, $c = (r_j - 1)/(2 r_j - 1)$: then $h(0) + h(1) = 0$ (the
//! round's sum is unchanged) and $h(r_j) = 0$ (the next round's claim is unchanged), so every
//! later check passes. The test builds such a forgery in the sum-check of each component —
//! Surge's primary sum-check, the R1CS zero-check, the read-write output check and the opening
//! accumulator's reduction — checks that the replaying verifier **accepts** it (so the forgery
//! is real, not rejected for another reason), and that the real verifier rejects it in that
//! component: each round polynomial is absorbed before the challenge that depends on it.

mod common;

use ark_ff::Field;
use common::{Keys, config};
use jolt_core::opening::OpeningError;
use jolt_core::pcs::Hyrax;
use jolt_core::prover::{execute, prove_execution};
use jolt_core::r1cs::R1csError;
use jolt_core::statement::DOMAIN;
use jolt_core::{JoltProof, PublicIo, VerifyError};
use math::transcript::replay::{self, Tape};
use math::{CompressedUniPoly, Fr, SumcheckProof};
use memory_checking::MemoryCheckingError;
use tracer::Program;
use tracer::asm::{addi, b, data_address, exit, i, li, r, s};

fn program() -> Program {
    use tracer::Opcode::*;
    let mut code = Vec::new();
    code.extend(li(5, 0));
    code.extend(li(6, 5));
    code.push(r(Add, 5, 5, 6));
    code.push(addi(6, 6, -1));
    code.push(b(Bne, 6, 0, -8));
    code.extend(li(7, 4));
    code.push(r(Div, 8, 5, 7));
    code.extend(li(12, data_address(64)));
    code.push(s(Sw, 8, 0, 12));
    code.push(i(Lw, 9, 12, 0));
    code.extend(exit(1));
    let words = tracer::asm::assemble(&code).expect("assembles");
    Program::from_words(&words, config()).expect("loads")
}

common::once!(keys: Keys = common::preprocess(&program()));

/// The honest proof, its public I/O and the tape of its prover's transcript.
fn record_honest_run() -> (JoltProof<Hyrax>, PublicIo, Tape) {
    let run = execute(&keys().0, &[]).expect("runs");
    let io = run.io.clone();
    let (proof, tape) = replay::record(DOMAIN, || prove_execution(&keys().0, run));
    (proof.expect("proves"), io, tape)
}

common::once!(recorded: (JoltProof<Hyrax>, PublicIo, Tape) = record_honest_run());

fn verify(proof: &JoltProof<Hyrax>) -> Result<(), VerifyError> {
    jolt_core::verify(&keys().1, &recorded().1, proof)
}

/// The verifier with the honest run's challenges, whatever the proof says.
fn verify_replayed(proof: &JoltProof<Hyrax>) -> Result<(), VerifyError> {
    replay::replay(DOMAIN, &recorded().2, || verify(proof))
}

/// `s + δ (X − r)(X − c)` with `c = (r − 1)/(2r − 1)`, in compressed form (constant, then
/// degree 2 and up; the linear coefficient follows from the round's claim).
fn shifted(s: &CompressedUniPoly, r: Fr, delta: Fr) -> CompressedUniPoly {
    let c = (r - Fr::ONE) * (r + r - Fr::ONE).inverse().expect("r ≠ 1/2");
    let mut coeffs = s.coeffs_except_linear().to_vec();
    assert!(coeffs.len() >= 2, "a round polynomial of degree ≥ 2");
    coeffs[0] += delta * r * c;
    coeffs[1] += delta;
    CompressedUniPoly::from_coeffs_except_linear(coeffs)
}

/// Forges round `round` of the sum-check `select` picks out of the proof, using the challenge
/// that the honest transcript drew right after that round's polynomial.
fn forge(
    select: impl Fn(&mut JoltProof<Hyrax>) -> &mut SumcheckProof,
    round: usize,
) -> JoltProof<Hyrax> {
    let (proof, _, tape) = recorded();
    let mut forged = proof.clone();
    let sumcheck = select(&mut forged);
    let messages: Vec<&[Fr]> = sumcheck
        .round_polynomials
        .iter()
        .map(CompressedUniPoly::coeffs_except_linear)
        .collect();
    let challenges = tape
        .scalars_after_each(&messages)
        .expect("each round polynomial absorbed, then its challenge drawn");
    let honest = &sumcheck.round_polynomials[round];
    sumcheck.round_polynomials[round] = shifted(honest, challenges[round], Fr::from(0x5EEDu64));
    assert_ne!(forged.to_bytes(), proof.to_bytes());
    forged
}

#[test]
fn replay_reproduces_the_honest_verdict() {
    let (proof, _, tape) = recorded();
    assert!(
        tape.num_challenges() > 100,
        "{} challenges",
        tape.num_challenges()
    );
    verify(proof).expect("verifies");
    verify_replayed(proof).expect("verifies with replayed challenges");
}

/// Picks a sum-check out of a proof.
type Select = fn(&mut JoltProof<Hyrax>) -> &mut SumcheckProof;
/// Whether an error is the expected rejection.
type Rejection = fn(&VerifyError) -> bool;

/// One forgery per component: (component, sum-check, round, the real verifier's rejection).
fn forgeries() -> [(&'static str, Select, usize, Rejection); 4] {
    [
        (
            "Surge primary",
            |p| &mut p.primary.sumcheck,
            1,
            |e| matches!(e, VerifyError::PrimaryFinalClaim),
        ),
        (
            "R1CS zero-check",
            |p| &mut p.r1cs.zero_check,
            0,
            |e| matches!(e, VerifyError::R1cs(R1csError::FinalClaimMismatch)),
        ),
        (
            "read-write output check",
            |p| &mut p.read_write.output_sumcheck,
            2,
            |e| matches!(e, VerifyError::ReadWrite(MemoryCheckingError::OutputCheck)),
        ),
        (
            "opening reduction",
            |p| &mut p.opening.sumcheck,
            0,
            |e| matches!(e, VerifyError::Opening(OpeningError::FinalClaimMismatch)),
        ),
    ]
}

#[test]
fn forged_round_polynomials_pass_only_with_frozen_challenges() {
    for (what, select, round, rejection) in forgeries() {
        let forged = forge(select, round);
        verify_replayed(&forged)
            .unwrap_or_else(|e| panic!("{what}: the forgery fails even when frozen: {e}"));
        match verify(&forged) {
            Err(e) if rejection(&e) => {}
            other => panic!("{what}: the real verifier said {other:?}"),
        }
    }
}
