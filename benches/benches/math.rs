//! Wall-clock benchmarks of the `math` kernels at $2^{20}$ (criterion).
//!
//! `cargo bench -p benches --bench math`. Each sum-check bench proves
//! $\sum_x \widetilde{eq}(\tau, x) A(x) B(x)$ (degree 3) or $\sum_x A(x)B(x)C(x)$ (degree 3) over
//! $2^{20}$ points, from dense (32-byte) or compact (`u8`) inputs; input cloning is excluded.

use std::hint::black_box;

use benches::{random_bytes, random_dense, random_scalars};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use math::sumcheck::{self, SumcheckInstance, product};
use math::{
    CombinationSumcheck, EqCombinationSumcheck, EqPolynomial, Fr, MultilinearPolynomial, Transcript,
};

const LOG_SIZE: usize = 20;

fn polynomials(c: &mut Criterion) {
    let mut group = c.benchmark_group("poly_2^20");
    group.sample_size(10);
    let point = random_scalars(LOG_SIZE, 1);
    let dense = random_dense(LOG_SIZE, 2);
    let bytes = random_bytes(LOG_SIZE, 3);

    group.bench_function("eq_table", |b| {
        b.iter(|| EqPolynomial::new(black_box(point.clone())).evals());
    });
    group.bench_function("bind_dense", |b| {
        b.iter_batched(
            || dense.clone(),
            |mut p| {
                p.bind(point[0]);
                p
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("bind_u8", |b| b.iter(|| bytes.bind(black_box(point[0]))));
    group.bench_function("evaluate_dense", |b| {
        b.iter(|| dense.evaluate(black_box(&point)));
    });
    group.bench_function("evaluate_u8", |b| {
        b.iter(|| bytes.evaluate(black_box(&point)));
    });
    group.finish();
}

fn sumchecks(c: &mut Criterion) {
    let mut group = c.benchmark_group("sumcheck_deg3_2^20");
    group.sample_size(10);
    let tau = random_scalars(LOG_SIZE, 4);
    let dense: Vec<MultilinearPolynomial> = (0..3)
        .map(|i| random_dense(LOG_SIZE, 10 + i).into())
        .collect();
    let compact: Vec<MultilinearPolynomial> = (0..3)
        .map(|i| random_bytes(LOG_SIZE, 20 + i).into())
        .collect();

    for (name, inputs) in [("dense", &dense), ("u8", &compact)] {
        // The claim is not needed to measure proving time; the verifier is benched below.
        group.bench_function(format!("eq_times_product/{name}"), |b| {
            b.iter_batched(
                || inputs[..2].to_vec(),
                |polys| {
                    let mut instance =
                        EqCombinationSumcheck::new(tau.clone(), polys, 2, product, Fr::from(0u64));
                    sumcheck::prove(&mut instance, &mut Transcript::new(b"bench"))
                        .expect("shapes are valid")
                },
                BatchSize::LargeInput,
            );
        });
        group.bench_function(format!("product_of_three/{name}"), |b| {
            b.iter_batched(
                || inputs.to_vec(),
                |polys| {
                    let mut instance =
                        CombinationSumcheck::with_claim(polys, 3, product, Fr::from(0u64));
                    sumcheck::prove(&mut instance, &mut Transcript::new(b"bench"))
                        .expect("shapes are valid")
                },
                BatchSize::LargeInput,
            );
        });
    }

    let mut instance = CombinationSumcheck::new(dense.clone(), 3, product);
    let statement = instance.statement();
    let (proof, _) =
        sumcheck::prove(&mut instance, &mut Transcript::new(b"bench")).expect("shapes are valid");
    group.bench_function("verify", |b| {
        b.iter(|| {
            sumcheck::verify(&proof, statement, &mut Transcript::new(b"bench"))
                .expect("honest proof")
        });
    });
    group.finish();
}

criterion_group!(benches, polynomials, sumchecks);
criterion_main!(benches);
