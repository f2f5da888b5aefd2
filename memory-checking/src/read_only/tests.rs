use ark_ff::{AdditiveGroup, Field};
use ark_std::rand::Rng;
use math::{CompactPolynomial, Fr, MultilinearPolynomial};

use super::*;
use crate::testing::{discharge_by_evaluation, rng, transcript};
use crate::{OpeningClaim, PolyId, TreeRole};

/// A random read-only memory with an honest witness.
struct Fixture {
    addresses: MultilinearPolynomial,
    values: Vec<MultilinearPolynomial>,
    read_timestamps: MultilinearPolynomial,
    final_timestamps: MultilinearPolynomial,
    flags: Option<CompactPolynomial<bool>>,
    flags_poly: Option<MultilinearPolynomial>,
    table: Vec<MultilinearPolynomial>,
    log_reads: usize,
    log_size: usize,
}

impl Fixture {
    fn random(
        log_reads: usize,
        log_size: usize,
        num_values: usize,
        toggled: bool,
        seed: u64,
    ) -> Self {
        let mut rng = rng(seed);
        let (n, k) = (1usize << log_reads, 1usize << log_size);
        let table: Vec<Vec<u32>> = (0..num_values)
            .map(|_| (0..k).map(|_| rng.r#gen()).collect())
            .collect();
        let addresses: Vec<u32> = (0..n).map(|_| rng.gen_range(0..k as u32)).collect();
        let flags: Option<Vec<bool>> = toggled.then(|| (0..n).map(|_| rng.gen_bool(0.3)).collect());
        let values = table
            .iter()
            .map(|column| {
                let v = (0..n)
                    .map(|s| {
                        let flagged = flags.as_ref().is_none_or(|f| f[s]);
                        if flagged {
                            column[addresses[s] as usize]
                        } else {
                            rng.r#gen()
                        }
                    })
                    .collect();
                CompactPolynomial::new(v).into()
            })
            .collect();
        let counts = access_counts(&addresses, flags.as_deref(), log_size).unwrap();
        let flags = flags.map(CompactPolynomial::new);
        Self {
            addresses: CompactPolynomial::new(addresses).into(),
            values,
            read_timestamps: CompactPolynomial::new(counts.read_timestamps).into(),
            final_timestamps: CompactPolynomial::new(counts.final_timestamps).into(),
            flags_poly: flags.clone().map(Into::into),
            flags,
            table: table
                .into_iter()
                .map(|c| CompactPolynomial::new(c).into())
                .collect(),
            log_reads,
            log_size,
        }
    }

    fn memory(&self) -> ReadOnlyMemory<'_> {
        ReadOnlyMemory {
            addresses: &self.addresses,
            values: self.values.iter().collect(),
            read_timestamps: &self.read_timestamps,
            final_timestamps: &self.final_timestamps,
            flags: self.flags.as_ref(),
            table: self.table.iter().collect(),
        }
    }

    fn shape<'a>(&self, table: TableEvaluator<'a>) -> ReadOnlyShape<'a> {
        ReadOnlyShape {
            log_reads: self.log_reads,
            log_size: self.log_size,
            num_values: self.table.len(),
            toggled: self.flags.is_some(),
            table,
        }
    }

    /// The honest table evaluator: the MLEs of the table columns.
    fn table_mle(&self) -> impl Fn(&[Fr]) -> Vec<Fr> + Sync + '_ {
        |r: &[Fr]| self.table.iter().map(|t| t.evaluate(r)).collect()
    }

    fn poly(&self, kind: PolyKind) -> &MultilinearPolynomial {
        match kind {
            PolyKind::Address => &self.addresses,
            PolyKind::Value(j) => &self.values[j],
            PolyKind::ReadTimestamp => &self.read_timestamps,
            PolyKind::FinalTimestamp => &self.final_timestamps,
            PolyKind::Flag => self.flags_poly.as_ref().unwrap(),
            other => panic!("no {other:?} in a read-only memory"),
        }
    }
}

/// Proves and verifies `fixtures` with honest table evaluators; discharges every claim.
fn round_trip(fixtures: &[Fixture]) -> Result<Vec<OpeningClaim>, MemoryCheckingError> {
    let memories: Vec<ReadOnlyMemory<'_>> = fixtures.iter().map(Fixture::memory).collect();
    let (proof, prover_claims) = prove(&memories, &mut transcript())?;
    let evaluators: Vec<_> = fixtures.iter().map(Fixture::table_mle).collect();
    let shapes: Vec<ReadOnlyShape<'_>> = fixtures
        .iter()
        .zip(&evaluators)
        .map(|(f, e)| f.shape(e))
        .collect();
    let claims = verify(&shapes, &proof, &mut transcript())?;
    assert_eq!(claims, prover_claims);
    discharge_by_evaluation(&claims, |id: PolyId| match id.memory {
        MemoryId::ReadOnly(i) => fixtures[i].poly(id.kind),
        other => panic!("unexpected {other:?}"),
    })
    .unwrap_or_else(|poly| panic!("false opening claim on {poly:?}"));
    Ok(claims)
}

#[test]
fn completeness_batched_toggled_and_multi_value() {
    // Lasso-like subtable memories (one value, toggled) and a bytecode-like memory (3 values).
    let fixtures = vec![
        Fixture::random(10, 8, 1, true, 1),
        Fixture::random(10, 8, 1, true, 2),
        Fixture::random(12, 6, 3, false, 3),
        Fixture::random(11, 11, 0, false, 4),
        Fixture::random(3, 10, 2, true, 5),
    ];
    let claims = round_trip(&fixtures).unwrap();
    // 3 + 3 + 5 + 2 + 4 read-point claims, one table-point claim each, plus 3 flags.
    assert_eq!(claims.len(), 3 + 3 + 5 + 2 + 4 + 5 + 3);
    // Memories with the same log N share the read point.
    assert_eq!(claims[0].point, claims[5].point);
}

#[test]
fn completeness_twenty_subtable_memories() {
    let fixtures: Vec<Fixture> = (0..20)
        .map(|i| Fixture::random(10, 10, 1, true, 100 + i))
        .collect();
    round_trip(&fixtures).unwrap();
}

#[test]
fn completeness_2_pow_20_reads() {
    let fixtures = vec![Fixture::random(20, 16, 1, true, 6)];
    round_trip(&fixtures).unwrap();
}

fn expect_rejection(fixtures: &[Fixture], expected: MemoryCheckingError) {
    assert_eq!(round_trip(fixtures).err(), Some(expected));
}

#[test]
fn read_value_changed_at_one_step() {
    let mut fixtures = vec![
        Fixture::random(8, 6, 1, false, 7),
        Fixture::random(8, 6, 2, false, 8),
    ];
    let MultilinearPolynomial::U32(v) = &fixtures[1].values[1] else {
        unreachable!()
    };
    let mut v = v.coeffs().to_vec();
    v[17] ^= 1;
    fixtures[1].values[1] = CompactPolynomial::new(v).into();
    expect_rejection(
        &fixtures,
        MemoryCheckingError::MultisetMismatch {
            memory: MemoryId::ReadOnly(1),
        },
    );
}

#[test]
fn tampered_final_count() {
    let mut fixtures = vec![Fixture::random(8, 6, 1, true, 9)];
    let MultilinearPolynomial::U64(c) = &fixtures[0].final_timestamps else {
        unreachable!()
    };
    let mut c = c.coeffs().to_vec();
    c[3] += 1;
    fixtures[0].final_timestamps = CompactPolynomial::new(c).into();
    expect_rejection(
        &fixtures,
        MemoryCheckingError::MultisetMismatch {
            memory: MemoryId::ReadOnly(0),
        },
    );
}

#[test]
fn duplicated_read() {
    // Step 5 replays step 4's tuple (address, value, count) instead of its own.
    let mut fixtures = vec![Fixture::random(8, 6, 1, false, 10)];
    let copy = |p: &MultilinearPolynomial| -> MultilinearPolynomial {
        match p {
            MultilinearPolynomial::U32(c) => {
                let mut c = c.coeffs().to_vec();
                c[5] = c[4];
                CompactPolynomial::new(c).into()
            }
            MultilinearPolynomial::U64(c) => {
                let mut c = c.coeffs().to_vec();
                c[5] = c[4];
                CompactPolynomial::new(c).into()
            }
            _ => unreachable!(),
        }
    };
    let f = &mut fixtures[0];
    f.addresses = copy(&f.addresses);
    f.values[0] = copy(&f.values[0]);
    f.read_timestamps = copy(&f.read_timestamps);
    expect_rejection(
        &fixtures,
        MemoryCheckingError::MultisetMismatch {
            memory: MemoryId::ReadOnly(0),
        },
    );
}

#[test]
fn toggled_flag_flipped() {
    for seed in [11, 12] {
        let mut fixtures = vec![Fixture::random(8, 6, 1, true, seed)];
        let f = &mut fixtures[0];
        let mut flags = f.flags.as_ref().unwrap().coeffs().to_vec();
        // Flip an unflagged step on (seed 11) or a flagged step off (seed 12).
        let target = seed == 12;
        let s = flags.iter().position(|x| *x == target).unwrap();
        flags[s] = !flags[s];
        f.flags = Some(CompactPolynomial::new(flags));
        f.flags_poly = f.flags.clone().map(Into::into);
        expect_rejection(
            &fixtures,
            MemoryCheckingError::MultisetMismatch {
                memory: MemoryId::ReadOnly(0),
            },
        );
    }
}

#[test]
fn reads_from_a_different_table_fail_the_init_check() {
    // The prover reads consistently from its own table, but the verifier's table differs.
    let fixture = Fixture::random(8, 6, 1, false, 13);
    let (proof, _) = prove(&[fixture.memory()], &mut transcript()).unwrap();
    let wrong = |r: &[Fr]| vec![fixture.table[0].evaluate(r) + Fr::ONE];
    assert_eq!(
        verify(&[fixture.shape(&wrong)], &proof, &mut transcript()),
        Err(MemoryCheckingError::LeafMismatch {
            memory: MemoryId::ReadOnly(0),
            tree: TreeRole::Init
        })
    );
    let short = |_: &[Fr]| Vec::new();
    assert_eq!(
        verify(&[fixture.shape(&short)], &proof, &mut transcript()),
        Err(MemoryCheckingError::EvaluatorOutput {
            memory: MemoryId::ReadOnly(0),
            expected: 1,
            got: 0
        })
    );
}

#[test]
fn tampered_openings_and_shapes() {
    let fixture = Fixture::random(7, 5, 2, true, 14);
    let (proof, _) = prove(&[fixture.memory()], &mut transcript()).unwrap();
    let mle = fixture.table_mle();
    let shapes = [fixture.shape(&mle)];
    let check = |p: &ReadOnlyProof| verify(&shapes, p, &mut transcript());
    let leaf = |tree| MemoryCheckingError::LeafMismatch {
        memory: MemoryId::ReadOnly(0),
        tree,
    };

    let mut bad = proof.clone();
    bad.openings[0].values[1] += Fr::ONE;
    assert_eq!(check(&bad), Err(leaf(TreeRole::Read)));
    let mut bad = proof.clone();
    bad.openings[0].read_timestamp += Fr::ONE;
    assert_eq!(check(&bad), Err(leaf(TreeRole::Read)));
    let mut bad = proof.clone();
    bad.openings[0].final_timestamp -= Fr::ONE;
    assert_eq!(check(&bad), Err(leaf(TreeRole::Final)));
    let mut bad = proof.clone();
    bad.openings[0].values.pop();
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "opened values",
            ..
        })
    ));
    let mut bad = proof.clone();
    bad.openings.clear();
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "read-only openings",
            ..
        })
    ));
    let mut bad = proof.clone();
    bad.grand_product.layers.truncate(3);
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape { what: "layers", .. })
    ));
    let mut bad = proof.clone();
    bad.grand_product.products[2] = Fr::ZERO;
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::LayerClaim { layer: 0 })
    );
    // The verifier decides the shape: a different log N or a missing toggle is rejected.
    let mut other = shapes;
    other[0].log_reads = 8;
    assert!(
        verify(&other, &proof, &mut transcript())
            .unwrap_err()
            .is_rejection()
    );
    let mut other = shapes;
    other[0].toggled = false;
    assert!(
        verify(&other, &proof, &mut transcript())
            .unwrap_err()
            .is_rejection()
    );
}

#[test]
fn misuse_is_an_error() {
    assert_eq!(
        prove(&[], &mut transcript()).err(),
        Some(MemoryCheckingError::NoMemories)
    );
    let fixture = Fixture::random(6, 4, 1, false, 15);
    let mut memory = fixture.memory();
    memory.table.clear();
    assert!(matches!(
        prove(&[memory], &mut transcript()),
        Err(MemoryCheckingError::WitnessLength { .. })
    ));
    assert_eq!(
        access_counts(&[1u8, 9], None, 3),
        Err(MemoryCheckingError::OutOfRange {
            index: 1,
            value: 9,
            bound: 8
        })
    );
    let counts = access_counts(&[1u8, 1, 2, 1], Some(&[true, false, true, true]), 2).unwrap();
    assert_eq!(counts.read_timestamps, vec![0, 0, 0, 1]);
    assert_eq!(counts.final_timestamps, vec![0, 2, 1, 0]);
}
