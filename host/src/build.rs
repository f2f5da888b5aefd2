//! Building guest crates for `riscv32im-unknown-none-elf` with the jolt linker script.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use tracer::{Layout, MemoryConfig};

/// The rustup target every guest is built for.
pub const GUEST_TARGET: &str = "riscv32im-unknown-none-elf";

/// Why a guest build failed.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // Fields are named in each message.
pub enum BuildError {
    /// The guest target is missing and could not be installed.
    #[error(
        "the Rust target {GUEST_TARGET} is not installed and `rustup target add {GUEST_TARGET}` \
         failed: {0}; install it by hand (rustup target add {GUEST_TARGET}) or use a rustup \
         toolchain"
    )]
    MissingTarget(String),
    /// The memory configuration is invalid.
    #[error(transparent)]
    Config(#[from] tracer::TracerError),
    /// `cargo` could not be started.
    #[error("could not run cargo ({0}); is a Rust toolchain on PATH?")]
    Cargo(std::io::Error),
    /// The guest does not compile or link.
    #[error(
        "building the guest at {manifest} failed ({status}); the compiler's messages are above"
    )]
    Failed { manifest: PathBuf, status: String },
    /// Cargo reported no executable (a library crate, or a package with several binaries and
    /// none chosen).
    #[error(
        "building {manifest} produced no executable; a guest is a binary crate (src/main.rs \
         with #![no_main] and guest::entry!)"
    )]
    NoExecutable { manifest: PathBuf },
    /// The crate has `#[provable]` functions, each its own program, and none was chosen.
    #[error(
        "{manifest} (package {package}) has {} #[provable] functions, each built into its own \
         ELF; choose one with --function NAME (library: the function's `build()`, or \
         host::provable::build_function):\n{}",
        functions.len(),
        crate::scan::describe(functions)
    )]
    ChooseFunction {
        manifest: PathBuf,
        package: String,
        functions: Vec<crate::scan::ProvableFunction>,
    },
    /// The package or binary to build is ambiguous or does not exist.
    #[error("cannot choose what to build in {manifest}: {reason}")]
    Selection { manifest: PathBuf, reason: String },
    /// Writing the linker script or reading cargo's output failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// What to build and how.
#[derive(Clone, Debug)]
pub struct GuestBuild {
    /// Directory of the guest crate (its `Cargo.toml`).
    pub crate_dir: PathBuf,
    /// The package, when `crate_dir` is a workspace with several.
    pub package: Option<String>,
    /// The binary, when the package has several.
    pub bin: Option<String>,
    /// The memory configuration the guest is linked for.
    pub config: MemoryConfig,
    /// Pass `--locked` to cargo (reproducible builds in CI).
    pub locked: bool,
    /// Extra environment variables for the guest's cargo (e.g. the `#[provable]` entry
    /// selector, [`crate::provable::ENTRY_ENV`]).
    pub env: Vec<(String, String)>,
}

impl GuestBuild {
    /// Builds the crate at `crate_dir` with the default memory configuration.
    pub fn new(crate_dir: impl Into<PathBuf>) -> Self {
        Self {
            crate_dir: crate_dir.into(),
            package: None,
            bin: None,
            config: MemoryConfig::default(),
            locked: false,
            env: Vec::new(),
        }
    }

    /// Sets an environment variable for the guest build.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Selects a package of a workspace.
    pub fn package(mut self, package: impl Into<String>) -> Self {
        self.package = Some(package.into());
        self
    }

    /// Selects a binary of the package.
    pub fn bin(mut self, bin: impl Into<String>) -> Self {
        self.bin = Some(bin.into());
        self
    }

    /// Sets the memory configuration.
    pub fn config(mut self, config: MemoryConfig) -> Self {
        self.config = config;
        self
    }

    /// Builds with `--locked`.
    pub fn locked(mut self, locked: bool) -> Self {
        self.locked = locked;
        self
    }

    /// Builds the guest and returns the path of its ELF.
    ///
    /// Installs the guest target with rustup when it is missing, writes the linker script for
    /// the configuration next to the build outputs, and runs `cargo rustc --release` so that
    /// the script is passed to the final link only (dependencies are shared between
    /// configurations).
    ///
    /// A crate with `#[provable]` functions (and no `guest::entry!`) has no single program:
    /// without the entry selector ([`crate::provable::ENTRY_ENV`]) this is
    /// [`BuildError::ChooseFunction`], which lists them.
    pub fn build(&self) -> Result<PathBuf, BuildError> {
        let target = self.resolve()?;
        if !self
            .env
            .iter()
            .any(|(k, _)| k == crate::provable::ENTRY_ENV)
            && !target.has_entry
        {
            let functions = crate::scan::provable_functions(&target.src_dirs);
            if !functions.is_empty() {
                return Err(BuildError::ChooseFunction {
                    manifest: target.manifest,
                    package: target.package,
                    functions,
                });
            }
        }
        self.build_resolved(&target)
    }

    /// Builds the target [`resolve`](Self::resolve) chose.
    pub(crate) fn build_resolved(&self, target: &Resolved) -> Result<PathBuf, BuildError> {
        ensure_target()?;
        let layout = Layout::new(self.config)?;
        let script = layout.linker_script();
        let manifest = self.crate_dir.join("Cargo.toml");
        let script_dir = std::env::temp_dir().join("jolt-linker-scripts");
        std::fs::create_dir_all(&script_dir).map_err(|source| BuildError::Io {
            context: format!("creating {}", script_dir.display()),
            source,
        })?;
        // Named by content: a new configuration is a new path, so cargo relinks.
        let script_path = script_dir.join(format!("link-{:016x}.x", fnv1a(script.as_bytes())));
        if std::fs::read_to_string(&script_path).ok().as_deref() != Some(script.as_str()) {
            // Write then rename: a concurrent build never links against a half-written script.
            let partial = script_dir.join(format!("link-{}.partial", std::process::id()));
            std::fs::write(&partial, &script)
                .and_then(|()| std::fs::rename(&partial, &script_path))
                .map_err(|source| BuildError::Io {
                    context: format!("writing {}", script_path.display()),
                    source,
                })?;
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .arg("rustc")
            .arg("--release")
            .args(["--target", GUEST_TARGET])
            .arg("--manifest-path")
            .arg(&manifest)
            .args(["--message-format", "json-render-diagnostics"]);
        command.args(["--package", &target.package, "--bin", &target.bin]);
        if self.locked {
            command.arg("--locked");
        }
        command
            .arg("--")
            .arg(format!("-Clink-arg=-T{}", script_path.display()));
        // Flags meant for the host must not leak into a cross build.
        for var in [
            "RUSTFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_BUILD_RUSTFLAGS",
            "CARGO_BUILD_TARGET",
        ] {
            command.env_remove(var);
        }
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command.stdout(Stdio::piped()).stderr(Stdio::inherit());
        let output = command.output().map_err(BuildError::Cargo)?;
        if !output.status.success() {
            return Err(BuildError::Failed {
                manifest,
                status: output.status.to_string(),
            });
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        executable_from_messages(&stdout).ok_or(BuildError::NoExecutable { manifest })
    }
}

/// What `cargo metadata` says about the crate a [`GuestBuild`] builds.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    /// The manifest given.
    pub(crate) manifest: PathBuf,
    /// The package to build.
    pub(crate) package: String,
    /// Its binary.
    pub(crate) bin: String,
    /// Cargo's target directory.
    pub(crate) target_directory: PathBuf,
    /// The directories of the package's library and binary sources (where `#[provable]`
    /// functions are looked for).
    pub(crate) src_dirs: Vec<PathBuf>,
    /// Whether the binary's source names its own entry (`guest::entry!`).
    pub(crate) has_entry: bool,
}

impl Resolved {
    /// Where cargo puts the guest's ELFs.
    pub(crate) fn elf_dir(&self) -> PathBuf {
        self.target_directory.join(GUEST_TARGET).join("release")
    }
}

impl GuestBuild {
    /// The package and binary to build, from `cargo metadata`: `cargo rustc` passes the
    /// linker script to exactly one target.
    pub(crate) fn resolve(&self) -> Result<Resolved, BuildError> {
        let manifest = self.crate_dir.join("Cargo.toml");
        let manifest = manifest.as_path();
        let selection = |reason: String| BuildError::Selection {
            manifest: manifest.to_path_buf(),
            reason,
        };
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--manifest-path",
            ])
            .arg(manifest)
            .stderr(Stdio::inherit());
        if self.locked {
            command.arg("--locked");
        }
        let output = command.output().map_err(BuildError::Cargo)?;
        if !output.status.success() {
            return Err(BuildError::Failed {
                manifest: manifest.to_path_buf(),
                status: output.status.to_string(),
            });
        }
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
            .map_err(|e| selection(format!("unreadable `cargo metadata` output: {e}")))?;
        let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
        let names: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
        let own_manifest = std::fs::canonicalize(manifest).ok();
        let package = match &self.package {
            Some(name) => packages
                .iter()
                .find(|p| p["name"] == name.as_str())
                .ok_or_else(|| {
                    selection(format!(
                        "no package {name:?}; the workspace has {}",
                        names.join(", ")
                    ))
                })?,
            None => match packages.iter().find(|p| {
                p["manifest_path"]
                    .as_str()
                    .and_then(|m| std::fs::canonicalize(m).ok())
                    == own_manifest
            }) {
                Some(p) => p,
                None if packages.len() == 1 => &packages[0],
                None => {
                    return Err(selection(format!(
                        "it is a workspace; choose a package (--package / GuestBuild::package) \
                         among {}",
                        names.join(", ")
                    )));
                }
            },
        };
        let package_name = package["name"].as_str().unwrap_or_default().to_string();
        let targets: Vec<&serde_json::Value> = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .collect();
        let of_kind = |kind: &'static str| {
            targets.iter().copied().filter(move |t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == kind))
            })
        };
        let bins: Vec<&str> = of_kind("bin").filter_map(|t| t["name"].as_str()).collect();
        let bin = match (&self.bin, bins.as_slice()) {
            (Some(bin), _) if bins.contains(&bin.as_str()) => bin.clone(),
            (Some(bin), _) => {
                return Err(selection(format!(
                    "package {package_name} has no binary {bin:?} (it has: {})",
                    bins.join(", ")
                )));
            }
            (None, [only]) => (*only).to_string(),
            (None, []) => {
                return Err(BuildError::NoExecutable {
                    manifest: manifest.to_path_buf(),
                });
            }
            (None, several) => {
                return Err(selection(format!(
                    "package {package_name} has several binaries ({}); choose one with GuestBuild::bin",
                    several.join(", ")
                )));
            }
        };
        let src_path = |t: &serde_json::Value| t["src_path"].as_str().map(PathBuf::from);
        let bin_src = of_kind("bin")
            .find(|t| t["name"] == bin.as_str())
            .and_then(src_path);
        let mut src_dirs: Vec<PathBuf> = of_kind("lib")
            .filter_map(src_path)
            .chain(bin_src.clone())
            .filter_map(|p| p.parent().map(std::path::Path::to_path_buf))
            .collect();
        src_dirs.dedup();
        let has_entry = bin_src.is_some_and(|p| crate::scan::names_entry(&p));
        let target_directory = metadata["target_directory"]
            .as_str()
            .map(PathBuf::from)
            .ok_or_else(|| selection("`cargo metadata` names no target directory".into()))?;
        Ok(Resolved {
            manifest: manifest.to_path_buf(),
            package: package_name,
            bin,
            target_directory,
            src_dirs,
            has_entry,
        })
    }
}

/// The last executable cargo reported in its JSON messages.
fn executable_from_messages(stdout: &str) -> Option<PathBuf> {
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter_map(|m| m["executable"].as_str().map(PathBuf::from))
        .next_back()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Makes sure the guest target's standard library is installed, installing it with rustup
/// when it is not.
pub fn ensure_target() -> Result<(), BuildError> {
    if target_installed() {
        return Ok(());
    }
    let status = Command::new("rustup")
        .args(["target", "add", GUEST_TARGET])
        .status()
        .map_err(|e| BuildError::MissingTarget(format!("rustup could not be started: {e}")))?;
    if !status.success() {
        return Err(BuildError::MissingTarget(format!(
            "rustup exited with {status}"
        )));
    }
    if target_installed() {
        Ok(())
    } else {
        Err(BuildError::MissingTarget(
            "rustup reported success but the target is still missing".into(),
        ))
    }
}

/// Whether the active toolchain has the guest target's standard library.
fn target_installed() -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(output) = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", GUEST_TARGET])
        .output()
    else {
        return false;
    };
    let libdir = String::from_utf8_lossy(&output.stdout);
    output.status.success() && has_core(libdir.trim())
}

fn has_core(libdir: &str) -> bool {
    std::fs::read_dir(libdir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
        })
        .unwrap_or(false)
}
