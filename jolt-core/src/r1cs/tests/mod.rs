//! Tests: the successor MLE against brute force, a VM-like counter system end to end, the debug
//! check against an independent field-only oracle, and tamper tests asserting the exact error.
//!
//! | module | covers |
//! |---|---|
//! | `successor` | $S$'s closed form and table against brute force |
//! | `protocol` | honest traces (claims are true evaluations), broken witnesses, first/last cycle, timing |
//! | `tamper` | every proof field, wrong statements, shapes, serialisation |
//! | `key_and_check` | building keys, normalisation, shape errors, the debug check vs a field oracle |

mod key_and_check;
mod protocol;
mod successor;
mod tamper;

use ark_ff::{AdditiveGroup, Field};
use ark_std::UniformRand;
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use math::{CompactPolynomial, DensePolynomial, Fr, MultilinearPolynomial, Transcript};

use super::*;

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

fn transcript() -> Transcript {
    Transcript::new(b"r1cs-test")
}

/// The hypercube point of index `i` on `n` variables, most significant bit first.
fn bits(i: usize, n: usize) -> Vec<Fr> {
    (0..n)
        .map(|j| Fr::from(((i >> (n - 1 - j)) & 1) as u64))
        .collect()
}

fn random_point(n: usize, rng: &mut StdRng) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

// A VM-like system: blocks of a counter with a flag-guarded product and an exit code.

/// Columns of one block, in order.
const BLOCK_COLUMNS: [&str; 9] = ["x", "step", "f", "w", "aux", "y", "d", "d_next", "unused"];
const X: usize = 0;
const STEP: usize = 1;
const F: usize = 2;
const W: usize = 3;
const AUX: usize = 4;
const Y: usize = 5;
const D: usize = 6;
const D_NEXT: usize = 7;
/// Constants: the counter's start and the exit code.
const START: usize = 0;
const EXIT: usize = 1;

/// The constraints of block `b` (columns `9b..9b + 9`), in order:
/// 0 counter, 1 start, 2 flag is a bit, 3 aux = x·w, 4 guarded product, 5 exit code,
/// 6 dense lookahead.
fn block_constraints(b: usize) -> Vec<Constraint> {
    let col = |j: usize| Term::Column(9 * b + j);
    let next = |j: usize| Term::Next(9 * b + j);
    vec![
        Constraint::new(
            "counter",
            next(X) - col(X) - col(STEP),
            Public::One - Public::IsLast,
            LinearCombination::zero(),
        ),
        Constraint::new(
            "start",
            Public::IsFirst,
            col(X) - Public::Constant(START),
            LinearCombination::zero(),
        ),
        Constraint::new("flag is a bit", col(F), col(F), col(F)),
        Constraint::new("aux = x·w", col(X), col(W), col(AUX)),
        Constraint::equal_if("guarded product", col(F), col(Y), col(AUX)),
        Constraint::equal_if("exit code", Public::IsLast, col(Y), Public::Constant(EXIT)),
        Constraint::equal("dense lookahead", col(D_NEXT), next(D)),
    ]
}

fn counter_system(blocks: usize) -> UniformR1cs {
    let names = (0..blocks).flat_map(|_| BLOCK_COLUMNS).collect();
    let constraints = (0..blocks).flat_map(block_constraints).collect();
    UniformR1cs::new(names, 2, constraints).unwrap()
}

/// One block's honest witness, as raw vectors (tests break entries, then rebuild columns).
#[derive(Clone)]
struct Block {
    x: Vec<u64>,
    step: Vec<u8>,
    f: Vec<bool>,
    w: Vec<u32>,
    aux: Vec<u64>,
    y: Vec<u64>,
    d: Vec<Fr>,
    d_next: Vec<Fr>,
    unused: Vec<u16>,
}

#[derive(Clone)]
struct CounterTrace {
    blocks: Vec<Block>,
    start: u64,
    exit: u64,
}

impl CounterTrace {
    fn random(log_cycles: usize, blocks: usize, seed: u64) -> Self {
        let mut rng = rng(seed);
        let t = 1usize << log_cycles;
        let start = rng.gen_range(0..1u64 << 20);
        let exit = rng.r#gen::<u64>();
        let blocks = (0..blocks)
            .map(|_| {
                let step: Vec<u8> = (0..t).map(|_| rng.r#gen()).collect();
                let mut x = vec![start; t];
                for c in 1..t {
                    x[c] = x[c - 1] + u64::from(step[c - 1]);
                }
                let mut f: Vec<bool> = (0..t).map(|_| rng.r#gen()).collect();
                f[t - 1] = false;
                let w: Vec<u32> = (0..t).map(|_| rng.r#gen()).collect();
                let aux: Vec<u64> = (0..t).map(|c| x[c] * u64::from(w[c])).collect();
                let mut y: Vec<u64> = (0..t)
                    .map(|c| if f[c] { aux[c] } else { rng.r#gen() })
                    .collect();
                y[t - 1] = exit;
                let d: Vec<Fr> = (0..t).map(|_| Fr::rand(&mut rng)).collect();
                let mut d_next = d[1..].to_vec();
                d_next.push(Fr::ZERO);
                let unused = (0..t).map(|_| rng.r#gen()).collect();
                Block {
                    x,
                    step,
                    f,
                    w,
                    aux,
                    y,
                    d,
                    d_next,
                    unused,
                }
            })
            .collect();
        Self {
            blocks,
            start,
            exit,
        }
    }

    fn columns(&self) -> Vec<MultilinearPolynomial> {
        self.blocks
            .iter()
            .flat_map(|b| {
                [
                    CompactPolynomial::new(b.x.clone()).into(),
                    CompactPolynomial::new(b.step.clone()).into(),
                    CompactPolynomial::new(b.f.clone()).into(),
                    CompactPolynomial::new(b.w.clone()).into(),
                    CompactPolynomial::new(b.aux.clone()).into(),
                    CompactPolynomial::new(b.y.clone()).into(),
                    DensePolynomial::new(b.d.clone()).into(),
                    DensePolynomial::new(b.d_next.clone()).into(),
                    CompactPolynomial::new(b.unused.clone()).into(),
                ]
            })
            .collect()
    }

    fn constants(&self) -> Vec<Fr> {
        vec![Fr::from(self.start), Fr::from(self.exit)]
    }
}

fn refs(columns: &[MultilinearPolynomial]) -> Vec<&MultilinearPolynomial> {
    columns.iter().collect()
}

/// Every claim is a true evaluation of its column (an honest opening oracle).
fn assert_claims_true(claims: &[ColumnClaim], columns: &[MultilinearPolynomial]) {
    for claim in claims {
        assert_eq!(
            columns[claim.column].evaluate(&claim.point),
            claim.value,
            "claim on column {}",
            claim.column
        );
    }
}

/// Proves with a fresh transcript; returns the proof and the prover's claims.
fn prove_fresh(
    r1cs: &UniformR1cs,
    columns: &[MultilinearPolynomial],
    constants: &[Fr],
) -> (SpartanProof, Vec<ColumnClaim>) {
    prove(r1cs, &refs(columns), constants, &mut transcript()).unwrap()
}

fn verify_fresh(
    r1cs: &UniformR1cs,
    log_cycles: usize,
    constants: &[Fr],
    proof: &SpartanProof,
) -> Result<Vec<ColumnClaim>, R1csError> {
    verify(r1cs, log_cycles, constants, proof, &mut transcript())
}
