//! Instruction-count benchmarks of the VM layer's hot kernels (iai-callgrind): Surge's primary
//! sum-check and the R1CS zero-check on a $2^{10}$-cycle witness, single-threaded.
//!
//! `cargo bench -p benches --bench jolt_core_iai` needs `iai-callgrind-runner` at the library's
//! version (see `benches/README.md`).

// The iai-callgrind macros expand into fully qualified calls and undocumented modules.
#![allow(unused_qualifications, missing_docs)]

use std::hint::black_box;

use benches::{mixed_loop_program, prove_spartan, prove_surge_primary};
use iai_callgrind::{library_benchmark, library_benchmark_group, main};
use jolt_core::pcs::{Hyrax, HyraxParams};
use jolt_core::preprocessing::ProgramPreprocessing;
use jolt_core::prover::{build_witness, execute};
use jolt_core::witness::Witness;

const LOG_CYCLES: usize = 10;

fn setup() -> (ProgramPreprocessing, Witness, u32) {
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build_global();
    let program = mixed_loop_program(28);
    let (pp, _) = jolt_core::preprocess::<Hyrax>(&program, LOG_CYCLES, &HyraxParams::default())
        .expect("preprocesses");
    let execution = execute(&pp, &[]).expect("runs");
    let exit_code = execution.io.exit_code;
    let witness = build_witness(&pp, execution).expect("builds");
    assert_eq!(witness.log_cycles, LOG_CYCLES);
    (pp.shared, witness, exit_code)
}

#[library_benchmark]
#[bench::small(setup())]
fn surge_primary((shared, witness, _): (ProgramPreprocessing, Witness, u32)) {
    black_box(prove_surge_primary(&shared, &witness));
}

#[library_benchmark]
#[bench::small(setup())]
fn spartan((shared, witness, exit_code): (ProgramPreprocessing, Witness, u32)) {
    black_box(prove_spartan(&shared, &witness, exit_code));
}

library_benchmark_group!(name = vm; benchmarks = surge_primary, spartan);
main!(library_benchmark_groups = vm);
