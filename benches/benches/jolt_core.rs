//! Wall-clock benchmarks of the VM layer (criterion): witness generation, Surge's primary
//! sum-check (instruction lookups), the R1CS zero-check (Spartan) and the whole prover, on an
//! assembled mixed loop padded to $2^{14}$ and $2^{16}$ cycles (Hyrax).
//!
//! `cargo bench -p benches --bench jolt_core`. The end-to-end numbers on real guests come from
//! the `e2e` command (see `benches/README.md`).

use std::hint::black_box;

use benches::{mixed_loop_program, prove_spartan, prove_surge_primary};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jolt_core::ProverPreprocessing;
use jolt_core::pcs::{Hyrax, HyraxParams};
use jolt_core::prover::{build_witness, execute, prove_witness};

fn keys(log: usize) -> (ProverPreprocessing<Hyrax>, jolt_core::prover::Execution) {
    // ~30 rows per round: fill most of 2^log.
    let rounds = ((1u32 << log) * 7 / 8) / 30;
    let program = mixed_loop_program(rounds);
    let (pp, _) = jolt_core::preprocess::<Hyrax>(&program, log, &HyraxParams::default())
        .expect("preprocesses");
    let execution = execute(&pp, &[]).expect("runs");
    (pp, execution)
}

fn vm(c: &mut Criterion) {
    let mut group = c.benchmark_group("jolt_core");
    group.sample_size(10);
    for log in [14, 16] {
        let (pp, execution) = keys(log);
        let witness = build_witness(&pp, execution.clone()).expect("builds");
        assert_eq!(witness.log_cycles, log, "the loop fills 2^{log}");
        let shared = &pp.shared;
        group.bench_function(format!("witness/2^{log}"), |b| {
            b.iter_batched(
                || execution.clone(),
                |e| black_box(build_witness(&pp, e).expect("builds")),
                BatchSize::LargeInput,
            );
        });
        group.bench_function(format!("surge_primary/2^{log}"), |b| {
            b.iter(|| black_box(prove_surge_primary(shared, &witness)));
        });
        let exit_code = execution.io.exit_code;
        group.bench_function(format!("spartan/2^{log}"), |b| {
            b.iter(|| black_box(prove_spartan(shared, &witness, exit_code)));
        });
        group.bench_function(format!("prove_witness/2^{log}"), |b| {
            b.iter(|| black_box(prove_witness(&pp, &execution.io, &witness).expect("proves")));
        });
    }
    group.finish();
}

criterion_group!(benches, vm);
criterion_main!(benches);
