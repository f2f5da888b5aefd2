//! Tracer speed: instructions per second in run mode (no trace) and trace mode (one row per
//! instruction), on the sha2-chain and fib example guests (built on first use).
//!
//! `cargo bench -p benches --bench tracer`. Criterion reports the throughput as elements/s,
//! where one element is one executed RV32IM instruction.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use host::GuestBuild;
use tracer::Program;

fn example(name: &str) -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let elf = GuestBuild::new(dir)
        .package(name)
        .locked(true)
        .build()
        .expect("example builds");
    host::load_elf(&elf, None).expect("example loads")
}

fn bench_workload(c: &mut Criterion, name: &str, program: &Program, input: &[u8]) {
    let cycles = tracer::run(program, input, u64::MAX).expect("runs").cycles;
    let mut group = c.benchmark_group(format!("tracer/{name}"));
    group.throughput(Throughput::Elements(cycles));
    group.sample_size(10);
    group.bench_function(format!("run/{cycles}_cycles"), |b| {
        b.iter(|| tracer::run(program, input, u64::MAX).expect("runs"));
    });
    group.bench_function(format!("trace/{cycles}_cycles"), |b| {
        b.iter(|| tracer::trace(program, input, u64::MAX).expect("traces"));
    });
    group.finish();
}

fn tracer_speed(c: &mut Criterion) {
    let sha2 = example("sha2-chain");
    // 460 iterations of SHA-256 over a 32-byte seed (a zkvm-benchmarks size): ~2.1M cycles.
    let input = postcard::to_allocvec(&(vec![0u8; 32], 460u32)).expect("encode");
    bench_workload(c, "sha2-chain-460", &sha2, &input);

    let fib = example("fib");
    let input = postcard::to_allocvec(&200_000u32).expect("encode");
    bench_workload(c, "fib-200000", &fib, &input);
}

criterion_group!(benches, tracer_speed);
criterion_main!(benches);
