//! `benches`: measurement of every layer.
//!
//! Criterion benches report wall-clock time; iai-callgrind benches report instruction counts,
//! which are repeatable on noisy machines and catch regressions in the hot kernels. This library
//! holds the seeded inputs both share, so the two measure the same workloads.
//!
//! Run: `cargo bench -p benches --bench math` (criterion) and
//! `cargo bench -p benches --bench math_iai` (needs `iai-callgrind-runner`, see the README).

use ark_std::UniformRand;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use math::{CompactPolynomial, DensePolynomial, Fr};

/// The seeded generator every bench input comes from.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// `n` uniformly random field elements.
pub fn random_scalars(n: usize, seed: u64) -> Vec<Fr> {
    let mut rng = rng(seed);
    (0..n).map(|_| Fr::rand(&mut rng)).collect()
}

/// A dense polynomial on `num_vars` variables with random evaluations.
pub fn random_dense(num_vars: usize, seed: u64) -> DensePolynomial {
    DensePolynomial::new(random_scalars(1 << num_vars, seed))
}

/// A compact polynomial of random bytes (the shape of a lookup chunk column).
pub fn random_bytes(num_vars: usize, seed: u64) -> CompactPolynomial<u8> {
    use ark_std::rand::Rng;
    let mut rng = rng(seed);
    CompactPolynomial::new((0..1usize << num_vars).map(|_| rng.r#gen()).collect())
}

/// A compact polynomial of uniformly random values of type `T` (bits, bytes, chunks, words).
pub fn random_compact<T>(num_vars: usize, seed: u64) -> CompactPolynomial<T>
where
    T: math::SmallValue,
    ark_std::rand::distributions::Standard: ark_std::rand::distributions::Distribution<T>,
{
    use ark_std::rand::Rng;
    let mut rng = rng(seed);
    CompactPolynomial::new((0..1usize << num_vars).map(|_| rng.r#gen()).collect())
}

pub mod e2e;
pub mod report;

/// Where a measurement comes from: machine (CPU model, cores, memory), commit and command, for
/// the header of every table and figure.
pub fn machine_context(command: &str) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0.0, |kb| kb as f64 / (1 << 20) as f64);
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| cores.to_string());
    format!(
        "Machine: {cpu}, {cores} cores, {memory_gib:.0} GiB; {threads} prover threads. \
         Commit {commit}. Command: `{command}`."
    )
}
