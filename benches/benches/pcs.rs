//! Wall-clock benchmarks of the commitment schemes (criterion).
//!
//! `cargo bench -p benches --bench pcs` (about 10 minutes on 2 cores; the 2^22 Zeromorph
//! opening alone is ~20 s per sample). Groups:
//! - `msm_2^20`: our small-scalar MSM (`pcs::msm`) against `ark_ec`'s `VariableBaseMSM` — both
//!   its typed entry points (`msm_u1`/`msm_u8`/…) and plain `msm` on the values as [`Fr`] —
//!   for bools, u8, u16, u32 and random field elements;
//! - `commit_2^20`: Hyrax and Zeromorph commitments of the same five columns;
//! - `open_verify`: single openings at 2^20 and 2^22 (dense polynomial);
//! - `batch_50x2^16`: commit, open and verify 50 polynomials of 2^16 (u16 columns) at one point.
//!
//! Zeromorph uses the insecure development SRS (seeded), sized exactly $2^n$.

use std::hint::black_box;
use std::sync::OnceLock;

use ark_bn254::{G1Affine, G1Projective};
use ark_ec::VariableBaseMSM;
use benches::{random_compact, random_dense, random_scalars};
use criterion::{Criterion, criterion_group, criterion_main};
use math::{Fr, MultilinearPolynomial, Transcript};
use pcs::{CommitmentScheme, Hyrax, HyraxParams, KzgSrs, Zeromorph};

/// One development SRS of 2^22 powers; smaller ones are its prefixes' equals (same seed).
fn srs(log_size: usize) -> KzgSrs {
    static CACHE: OnceLock<std::sync::Mutex<Vec<(usize, KzgSrs)>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((_, s)) = cache.iter().find(|(n, _)| *n == log_size) {
        return s.clone();
    }
    let s = KzgSrs::insecure_dev(7, 1 << log_size);
    cache.push((log_size, s.clone()));
    s
}

/// The five columns every commit bench uses.
fn columns(log_size: usize) -> Vec<(&'static str, MultilinearPolynomial)> {
    vec![
        ("bool", random_compact::<bool>(log_size, 1).into()),
        ("u8", random_compact::<u8>(log_size, 2).into()),
        ("u16", random_compact::<u16>(log_size, 3).into()),
        ("u32", random_compact::<u32>(log_size, 4).into()),
        ("field", random_dense(log_size, 5).into()),
    ]
}

fn msm(c: &mut Criterion) {
    const LOG: usize = 20;
    let mut group = c.benchmark_group("msm_2^20");
    group.sample_size(10);
    let srs = srs(LOG);
    let bases: &[G1Affine] = srs.g1_powers();
    for (name, column) in columns(LOG) {
        let field: Vec<Fr> = column.to_dense().into_evals();
        group.bench_function(format!("{name}/ours"), |b| {
            b.iter(|| pcs::msm::msm_polynomial(bases, black_box(&column)));
        });
        group.bench_function(format!("{name}/ark_msm_on_fr"), |b| {
            b.iter(|| G1Projective::msm_unchecked(bases, black_box(&field)));
        });
        match &column {
            MultilinearPolynomial::Bool(p) => {
                group.bench_function(format!("{name}/ark_typed"), |b| {
                    b.iter(|| G1Projective::msm_u1(bases, black_box(p.coeffs())));
                })
            }
            MultilinearPolynomial::U8(p) => {
                group.bench_function(format!("{name}/ark_typed"), |b| {
                    b.iter(|| G1Projective::msm_u8(bases, black_box(p.coeffs())));
                })
            }
            MultilinearPolynomial::U16(p) => {
                group.bench_function(format!("{name}/ark_typed"), |b| {
                    b.iter(|| G1Projective::msm_u16(bases, black_box(p.coeffs())));
                })
            }
            MultilinearPolynomial::U32(p) => {
                group.bench_function(format!("{name}/ark_typed"), |b| {
                    b.iter(|| G1Projective::msm_u32(bases, black_box(p.coeffs())));
                })
            }
            _ => group.bench_function(format!("{name}/ark_typed"), |b| {
                b.iter(|| G1Projective::msm_unchecked(bases, black_box(&field)));
            }),
        };
    }
    group.finish();
}

fn commit(c: &mut Criterion) {
    const LOG: usize = 20;
    let mut group = c.benchmark_group("commit_2^20");
    group.sample_size(10);
    let (hyrax_pk, _) = Hyrax::setup(&HyraxParams::default(), LOG).expect("hyrax setup");
    let (zm_pk, _) = Zeromorph::setup(&srs(LOG), LOG).expect("zeromorph setup");
    for (name, column) in columns(LOG) {
        group.bench_function(format!("hyrax/{name}"), |b| {
            b.iter(|| Hyrax::commit(&hyrax_pk, black_box(&column)).expect("commit"));
        });
        group.bench_function(format!("zeromorph/{name}"), |b| {
            b.iter(|| Zeromorph::commit(&zm_pk, black_box(&column)).expect("commit"));
        });
    }
    group.finish();
}

fn open_verify_with<S: CommitmentScheme>(
    c: &mut Criterion,
    name: &str,
    params: &S::Params,
    log_size: usize,
) {
    let mut group = c.benchmark_group(format!("open_verify_2^{log_size}"));
    group.sample_size(10);
    let (pk, vk) = S::setup(params, log_size).expect("setup");
    let poly: MultilinearPolynomial = random_dense(log_size, 11).into();
    let point = random_scalars(log_size, 12);
    let eval = poly.evaluate(&point);
    let commitment = S::commit(&pk, &poly).expect("commit");
    let prove = || {
        S::prove(
            &pk,
            &poly,
            &commitment,
            &point,
            eval,
            &mut Transcript::new(b"bench"),
        )
        .expect("prove")
    };
    let proof = prove();
    group.bench_function(format!("{name}/open"), |b| b.iter(prove));
    group.bench_function(format!("{name}/verify"), |b| {
        b.iter(|| {
            S::verify(
                &vk,
                &commitment,
                &point,
                eval,
                &proof,
                &mut Transcript::new(b"bench"),
            )
            .expect("verify");
        });
    });
    group.finish();
}

fn open_verify(c: &mut Criterion) {
    for log_size in [20, 22] {
        open_verify_with::<Hyrax>(c, "hyrax", &HyraxParams::default(), log_size);
        open_verify_with::<Zeromorph>(c, "zeromorph", &srs(log_size), log_size);
    }
}

fn batch_with<S: CommitmentScheme>(c: &mut Criterion, name: &str, params: &S::Params) {
    const LOG: usize = 16;
    const COUNT: usize = 50;
    let mut group = c.benchmark_group("batch_50x2^16");
    group.sample_size(10);
    let (pk, vk) = S::setup(params, LOG).expect("setup");
    let polys: Vec<MultilinearPolynomial> = (0..COUNT)
        .map(|i| random_compact::<u16>(LOG, 100 + i as u64).into())
        .collect();
    let refs: Vec<&MultilinearPolynomial> = polys.iter().collect();
    let point = random_scalars(LOG, 13);
    let evals: Vec<Fr> = polys.iter().map(|p| p.evaluate(&point)).collect();
    let commitments = S::commit_batch(&pk, &refs).expect("commit");
    let crefs: Vec<&S::Commitment> = commitments.iter().collect();
    let prove = || {
        S::batch_prove(
            &pk,
            &refs,
            &crefs,
            &point,
            &evals,
            &mut Transcript::new(b"bench"),
        )
        .expect("prove")
    };
    let proof = prove();
    group.bench_function(format!("{name}/commit"), |b| {
        b.iter(|| S::commit_batch(&pk, black_box(&refs)).expect("commit"));
    });
    group.bench_function(format!("{name}/open"), |b| b.iter(prove));
    group.bench_function(format!("{name}/verify"), |b| {
        b.iter(|| {
            S::batch_verify(
                &vk,
                &crefs,
                &point,
                &evals,
                &proof,
                &mut Transcript::new(b"bench"),
            )
            .expect("verify");
        });
    });
    group.finish();
}

fn batch(c: &mut Criterion) {
    batch_with::<Hyrax>(c, "hyrax", &HyraxParams::default());
    batch_with::<Zeromorph>(c, "zeromorph", &srs(16));
}

criterion_group!(benches, msm, commit, batch, open_verify);
criterion_main!(benches);
