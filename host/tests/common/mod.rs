//! Shared by the host integration tests: the example guests, built once per test binary.
#![allow(dead_code)] // Each test binary uses a subset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use host::GuestBuild;

/// Every example guest in `examples/`.
pub(crate) const EXAMPLES: [&str; 8] = [
    "fib",
    "collatz",
    "sha2-chain",
    "sha3-chain",
    "sort",
    "muldiv",
    "panic",
    "stack-overflow",
];

/// A small memory configuration for proving tests (256 KiB of RAM): the address space, and
/// with it the per-address committed columns, stays small.
pub(crate) fn small_config() -> host::MemoryConfig {
    host::MemoryConfig {
        memory_size: 256 << 10,
        stack_size: 32 << 10,
        max_input_size: 2 << 10,
        max_output_size: 1 << 10,
    }
}

pub(crate) fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// Builds every example (default memory configuration, `--locked`) once; returns ELF paths.
pub(crate) fn example_elfs() -> &'static HashMap<&'static str, PathBuf> {
    static ELFS: OnceLock<HashMap<&'static str, PathBuf>> = OnceLock::new();
    ELFS.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|&name| {
                let elf = GuestBuild::new(examples_dir())
                    .package(name)
                    .locked(true)
                    .build()
                    .unwrap_or_else(|e| panic!("building example {name}: {e}"));
                (name, elf)
            })
            .collect()
    })
}

pub(crate) fn elf(name: &str) -> &'static Path {
    &example_elfs()[name]
}

pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("postcard encoding")
}

/// Runs the `jolt` binary of this build.
pub(crate) fn jolt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jolt"))
        .args(args)
        .output()
        .expect("jolt starts")
}

/// Output bytes as text.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A path as a command-line argument.
pub(crate) fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
