//! Finding a guest crate's `#[provable]` functions in its source, to list them (the ELF of
//! each function, not the source, is what says how it is linked and bounded).

use std::path::{Path, PathBuf};

/// A `#[provable]` function found in a guest crate's source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvableFunction {
    /// The function's name (what `--function` takes).
    pub name: String,
    /// The attribute's arguments as written (e.g. `memory_size = 64 << 10`), or empty.
    pub arguments: String,
    /// The file that defines it.
    pub file: PathBuf,
}

/// The `#[provable]` functions of the Rust files under `dirs`, in file order then source
/// order. Files that do not parse are skipped: the compiler reports them.
pub(crate) fn provable_functions(dirs: &[PathBuf]) -> Vec<ProvableFunction> {
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(dir, &mut files, 0);
    }
    files.sort();
    files.dedup();
    let mut found = Vec::new();
    for file in files {
        let Some(parsed) = parse(&file) else { continue };
        collect(&parsed.items, &file, &mut found);
    }
    found
}

/// Whether the file calls `entry!` (`guest::entry!(main)`): the binary names its own entry.
pub(crate) fn names_entry(file: &Path) -> bool {
    parse(file).is_some_and(|f| {
        f.items.iter().any(|item| {
            matches!(item, syn::Item::Macro(m) if last_segment(&m.mac.path).as_deref() == Some("entry"))
        })
    })
}

/// The list shown when a function must be chosen: one line per function.
pub(crate) fn describe(functions: &[ProvableFunction]) -> String {
    if functions.is_empty() {
        return String::from("  (none: the crate has no #[provable] functions)");
    }
    let width = functions.iter().map(|f| f.name.len()).max().unwrap_or(0);
    functions
        .iter()
        .map(|f| {
            let arguments = if f.arguments.is_empty() {
                String::from("(defaults)")
            } else {
                format!("({})", f.arguments)
            };
            format!("  {:width$}  {arguments}", f.name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse(file: &Path) -> Option<syn::File> {
    let text = std::fs::read_to_string(file).ok()?;
    syn::parse_file(&text).ok()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // Guest crates are shallow; the cap only guards against links looping.
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => rust_files(&path, out, depth + 1),
            Ok(_) if path.extension().is_some_and(|e| e == "rs") => out.push(path),
            _ => {}
        }
    }
}

fn last_segment(path: &syn::Path) -> Option<String> {
    path.segments.last().map(|s| s.ident.to_string())
}

fn collect(items: &[syn::Item], file: &Path, found: &mut Vec<ProvableFunction>) {
    for item in items {
        match item {
            syn::Item::Fn(f) => {
                let Some(attr) = f
                    .attrs
                    .iter()
                    .find(|a| last_segment(a.path()).as_deref() == Some("provable"))
                else {
                    continue;
                };
                let arguments = match &attr.meta {
                    syn::Meta::List(list) => tidy(&list.tokens.to_string()),
                    _ => String::new(),
                };
                found.push(ProvableFunction {
                    name: f.sig.ident.to_string(),
                    arguments,
                    file: file.to_path_buf(),
                });
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, file, found);
                }
            }
            _ => {}
        }
    }
}

/// Token-stream spacing made readable: `a = 1 , b = 2` → `a = 1, b = 2`.
fn tidy(tokens: &str) -> String {
    tokens
        .replace(" ,", ",")
        .replace("( ", "(")
        .replace(" )", ")")
}
