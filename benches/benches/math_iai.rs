//! Instruction-count benchmarks of the `math` kernels (iai-callgrind).
//!
//! `cargo bench -p benches --bench math_iai` needs `iai-callgrind-runner` at the same version
//! as the library (see the README). Sizes are smaller than the criterion benches because
//! callgrind runs ~50× slower. The main thread is made rayon's only worker: callgrind counts the
//! benchmark function on the main thread, and one thread keeps the counts repeatable.

// The iai-callgrind macros expand into fully qualified calls and undocumented modules.
#![allow(unused_qualifications, missing_docs)]

use std::hint::black_box;

use benches::{random_bytes, random_dense, random_scalars};
use iai_callgrind::{library_benchmark, library_benchmark_group, main};
use math::sumcheck::{self, SumcheckProof, product};
use math::{
    CombinationSumcheck, DensePolynomial, EqCombinationSumcheck, EqPolynomial, Fr,
    MultilinearPolynomial, Transcript,
};

const LOG_SIZE: usize = 16;
const LOG_SUMCHECK: usize = 14;

/// Makes the calling (main) thread the single rayon worker, so the work is counted.
fn single_threaded() {
    // A second call in the same process finds the pool built: nothing to do.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build_global();
}

fn dense_inputs() -> Vec<MultilinearPolynomial> {
    single_threaded();
    (0..3)
        .map(|i| random_dense(LOG_SUMCHECK, 10 + i).into())
        .collect()
}

fn u8_inputs() -> Vec<MultilinearPolynomial> {
    single_threaded();
    (0..3)
        .map(|i| random_bytes(LOG_SUMCHECK, 20 + i).into())
        .collect()
}

fn dense_and_point() -> (DensePolynomial, Vec<Fr>) {
    single_threaded();
    (random_dense(LOG_SIZE, 2), random_scalars(LOG_SIZE, 1))
}

fn point() -> Vec<Fr> {
    single_threaded();
    random_scalars(LOG_SIZE, 1)
}

#[library_benchmark]
#[bench::n16(point())]
fn eq_table(point: Vec<Fr>) -> Vec<Fr> {
    black_box(EqPolynomial::new(point).evals())
}

#[library_benchmark]
#[bench::n16(dense_and_point())]
fn bind_dense((mut poly, point): (DensePolynomial, Vec<Fr>)) -> DensePolynomial {
    poly.bind(point[0]);
    black_box(poly)
}

#[library_benchmark]
#[bench::n16(dense_and_point())]
fn evaluate_dense((poly, point): (DensePolynomial, Vec<Fr>)) -> Fr {
    black_box(poly.evaluate(&point))
}

#[library_benchmark]
#[bench::dense(dense_inputs())]
#[bench::u8(u8_inputs())]
fn sumcheck_eq_times_product(inputs: Vec<MultilinearPolynomial>) -> SumcheckProof {
    let tau = random_scalars(LOG_SUMCHECK, 4);
    let polys = inputs.into_iter().take(2).collect();
    let mut instance = EqCombinationSumcheck::new(tau, polys, 2, product, Fr::from(0u64));
    black_box(
        sumcheck::prove(&mut instance, &mut Transcript::new(b"bench"))
            .expect("shapes are valid")
            .0,
    )
}

#[library_benchmark]
#[bench::dense(dense_inputs())]
#[bench::u8(u8_inputs())]
fn sumcheck_product_of_three(inputs: Vec<MultilinearPolynomial>) -> SumcheckProof {
    let mut instance = CombinationSumcheck::with_claim(inputs, 3, product, Fr::from(0u64));
    black_box(
        sumcheck::prove(&mut instance, &mut Transcript::new(b"bench"))
            .expect("shapes are valid")
            .0,
    )
}

library_benchmark_group!(
    name = polynomials;
    benchmarks = eq_table, bind_dense, evaluate_dense
);

library_benchmark_group!(
    name = sumchecks;
    benchmarks = sumcheck_eq_times_product, sumcheck_product_of_three
);

main!(library_benchmark_groups = polynomials, sumchecks);
