//! `jolt new` → `cargo run --release` in the new project proves and verifies, and `jolt prove
//! --path` / `jolt verify` do the same from its guest crate. One cargo build
//! of the scaffold's two crates: it shares this workspace's target directory and starts from
//! its lock file, so the jolt crates' artefacts are reused.

use std::path::Path;
use std::process::Command;

#[test]
fn a_new_project_proves_and_verifies_out_of_the_box() {
    let dir = tempfile::tempdir().expect("tempdir");
    let jolt = Path::new(env!("CARGO_BIN_EXE_jolt"));
    let o = Command::new(jolt)
        .args(["new", "demo"])
        .current_dir(dir.path())
        .output()
        .expect("jolt starts");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let project = dir.path().join("demo");
    assert!(project.join("guest/src/lib.rs").is_file());
    // target/release/jolt → target/
    let target = jolt
        .parent()
        .and_then(Path::parent)
        .expect("the binary is in <target>/release");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let o = Command::new(cargo)
        .args(["run", "--release", "--quiet"])
        .current_dir(&project)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo starts");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("fib(50) = 12586269025: proved and verified"),
        "{out}"
    );

    // The CLI proves the same function from the guest crate, and verifies the proof file.
    let guest = project.join("guest");
    let proof = dir.path().join("fib.jolt");
    let crate_args = [
        "--path",
        guest.to_str().expect("utf-8 path"),
        "--function",
        "fib",
    ];
    let proof_arg = proof.to_str().expect("utf-8 path");
    // The layout and the trace bound are the attribute's: no flags repeat them.
    let mut prove = vec!["prove", "--input", "32", "-o", proof_arg];
    prove.extend_from_slice(&crate_args);
    let o = Command::new(jolt)
        .args(&prove)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("jolt starts");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // fib(50) as a postcard u128 varint.
    assert!(out.contains("e1f2ccf12e"), "{out}");
    let mut verify = vec!["verify", "--proof", proof_arg, "--expect-exit", "0"];
    verify.extend_from_slice(&crate_args);
    let o = Command::new(jolt)
        .args(&verify)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("jolt starts");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // The name is checked, and an existing directory is never overwritten.
    let o = Command::new(jolt)
        .args(["new", "demo"])
        .current_dir(dir.path())
        .output()
        .expect("jolt starts");
    assert_eq!(o.status.code(), Some(125));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    let o = Command::new(jolt)
        .args(["new", "9lives"])
        .current_dir(dir.path())
        .output()
        .expect("jolt starts");
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a valid crate name"));
}
