//! Instruction tables: materialising every subtable (what the prover's memory checks read)
//! and evaluating every subtable MLE at a random point (what the verifier does).

use ark_std::UniformRand;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use criterion::{Criterion, criterion_group, criterion_main};
use instruction_tables::{LOG_M, Subtable, SubtableKind};
use math::Fr;
use strum::IntoEnumIterator;

fn subtables(c: &mut Criterion) {
    let mut group = c.benchmark_group("subtables");
    group.sample_size(10);
    group.bench_function("materialize_all", |b| {
        b.iter(|| {
            SubtableKind::iter()
                .map(|t| t.materialize().len())
                .sum::<usize>()
        });
    });
    let mut rng = StdRng::seed_from_u64(1);
    let point: Vec<Fr> = (0..LOG_M).map(|_| Fr::rand(&mut rng)).collect();
    group.bench_function("evaluate_all_mles", |b| {
        b.iter(|| {
            SubtableKind::iter()
                .map(|t| t.evaluate_mle(&point))
                .sum::<Fr>()
        });
    });
    group.finish();
}

criterion_group!(benches, subtables);
criterion_main!(benches);
