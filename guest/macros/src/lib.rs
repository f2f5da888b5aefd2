//! `guest-macros`: the `#[provable]` attribute (re-exported as `guest::provable`).
//!
//! On `fn name(a: A, b: B) -> R` with serde types it keeps the function as written and adds:
//!
//! - **for RISC-V** (the guest ELF): the entry `__jolt_user_main`, which reads `(a, b)` from
//!   the input (postcard), calls the function and writes `R` as the output. It is emitted
//!   only when the environment variable `JOLT_PROVABLE_ENTRY` names this function at
//!   expansion time, so each ELF runs exactly one function; the host's builder sets it
//!   (`host::provable`). Panics are the runtime's: the panic flag and message become the
//!   public output. The entry also records the attribute's settings as absolute ELF symbols
//!   (`__jolt_attr_memory_size`, `..._stack_size`, `..._max_input_size`,
//!   `..._max_output_size`, `__jolt_attr_max_log_cycles`; only those it sets), which is how
//!   the `jolt` CLI builds, proves and verifies exactly the program the host side builds.
//! - **for the host**: a module `name` with `spec()` (crate, memory configuration, trace
//!   bound), `build()` (compile the ELF and preprocess it, once) and the `Program` it
//!   returns, whose `prove(a, b)`, `verify(a, b, &output, &proof)`, `analyze(a, b)` and
//!   `run(a, b)` take the function's own argument types.
//!
//! Attribute arguments (all optional): `memory_size`, `stack_size`, `max_input_size`,
//! `max_output_size` (bytes) and `max_trace_length` (cycles; rounded up to a power of two).
//!
//! Signatures the guest cannot be called with are compile errors at the offending span:
//! `self` receivers, generics, `impl Trait`, `async`/`const`/`unsafe`/`extern` functions,
//! variadics and references (arguments are deserialised into owned values).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, FnArg, ItemFn, Meta, Pat, ReturnType, Token, Type};

/// Marks a function as provable; see the crate docs.
#[proc_macro_attribute]
pub fn provable(attr: TokenStream, item: TokenStream) -> TokenStream {
    let function = match syn::parse::<ItemFn>(item) {
        Ok(f) => f,
        Err(e) => return e.to_compile_error().into(),
    };
    match expand(attr.into(), &function) {
        Ok(tokens) => tokens.into(),
        // Keep the function so that the only errors shown are ours.
        Err(e) => {
            let error = e.to_compile_error();
            quote!(#error #function).into()
        }
    }
}

/// The attribute's arguments.
#[derive(Default)]
struct Options {
    memory_size: Option<Expr>,
    stack_size: Option<Expr>,
    max_input_size: Option<Expr>,
    max_output_size: Option<Expr>,
    max_trace_length: Option<Expr>,
}

fn parse_options(attr: TokenStream2) -> syn::Result<Options> {
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr)?;
    let mut options = Options::default();
    for meta in metas {
        let Meta::NameValue(nv) = meta else {
            return Err(syn::Error::new(
                meta.span(),
                "expected `key = value`, e.g. #[provable(max_trace_length = 1 << 20)]",
            ));
        };
        let key = nv.path.get_ident().map(ToString::to_string);
        let slot = match key.as_deref() {
            Some("memory_size") => &mut options.memory_size,
            Some("stack_size") => &mut options.stack_size,
            Some("max_input_size") => &mut options.max_input_size,
            Some("max_output_size") => &mut options.max_output_size,
            Some("max_trace_length") => &mut options.max_trace_length,
            _ => {
                return Err(syn::Error::new(
                    nv.path.span(),
                    "unknown #[provable] option; expected memory_size, stack_size, \
                     max_input_size, max_output_size or max_trace_length",
                ));
            }
        };
        if slot.is_some() {
            return Err(syn::Error::new(nv.path.span(), "option given twice"));
        }
        *slot = Some(nv.value);
    }
    Ok(options)
}

/// Rejects signatures the guest entry cannot call, at their span.
fn check_signature(f: &ItemFn) -> syn::Result<()> {
    let sig = &f.sig;
    let err = |span: Span, msg: &str| Err(syn::Error::new(span, msg));
    if let Some(t) = &sig.asyncness {
        return err(
            t.span(),
            "#[provable] functions cannot be async: the guest has no executor",
        );
    }
    if let Some(t) = &sig.constness {
        return err(t.span(), "#[provable] functions cannot be const");
    }
    if let Some(t) = &sig.unsafety {
        return err(
            t.span(),
            "#[provable] functions cannot be unsafe: the entry calls them with untrusted input",
        );
    }
    if let Some(abi) = &sig.abi {
        return err(
            abi.span(),
            "#[provable] functions use the Rust ABI; remove the extern",
        );
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return err(
            sig.generics.span(),
            "#[provable] functions cannot be generic: the guest ELF needs one concrete \
             signature to decode its input; write a concrete wrapper",
        );
    }
    if let Some(v) = &sig.variadic {
        return err(v.span(), "#[provable] functions cannot be variadic");
    }
    for arg in &sig.inputs {
        match arg {
            FnArg::Receiver(r) => {
                return err(
                    r.span(),
                    "#[provable] functions cannot take `self`: make it a free function and \
                     pass the value as an argument",
                );
            }
            FnArg::Typed(t) => check_type(&t.ty, "argument")?,
        }
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        check_type(ty, "return type")?;
    }
    Ok(())
}

/// Finds `impl Trait`, references and bare trait objects anywhere inside a type.
struct TypeCheck {
    error: Option<syn::Error>,
    what: &'static str,
}

impl<'a> Visit<'a> for TypeCheck {
    fn visit_type_impl_trait(&mut self, t: &'a syn::TypeImplTrait) {
        self.error.get_or_insert_with(|| {
            syn::Error::new(
                t.span(),
                format!(
                    "`impl Trait` is not allowed in a #[provable] {}: the host and the guest \
                     must agree on a concrete serde type",
                    self.what
                ),
            )
        });
    }

    fn visit_type_reference(&mut self, t: &'a syn::TypeReference) {
        self.error.get_or_insert_with(|| {
            syn::Error::new(
                t.span(),
                format!(
                    "references are not allowed in a #[provable] {}: values are deserialised \
                     from the input (or serialised to the output); use an owned type such as \
                     `Vec<u8>` or `String`",
                    self.what
                ),
            )
        });
    }

    fn visit_type_trait_object(&mut self, t: &'a syn::TypeTraitObject) {
        self.error.get_or_insert_with(|| {
            syn::Error::new(
                t.span(),
                "trait objects cannot be (de)serialised; use a concrete type",
            )
        });
    }
}

fn check_type(ty: &Type, what: &'static str) -> syn::Result<()> {
    let mut check = TypeCheck { error: None, what };
    check.visit_type(ty);
    check.error.map_or(Ok(()), Err)
}

fn expand(attr: TokenStream2, f: &ItemFn) -> syn::Result<TokenStream2> {
    let options = parse_options(attr)?;
    check_signature(f)?;
    let types: Vec<&Type> = f
        .sig
        .inputs
        .iter()
        .map(|a| match a {
            FnArg::Typed(t) => &*t.ty,
            FnArg::Receiver(_) => unreachable!("receivers were rejected"),
        })
        .collect();
    // Argument names for the generated functions: the pattern's name, or argN.
    let args: Vec<syn::Ident> = f
        .sig
        .inputs
        .iter()
        .enumerate()
        .map(|(i, a)| match a {
            FnArg::Typed(t) => match &*t.pat {
                Pat::Ident(p) => p.ident.clone(),
                _ => format_ident!("arg{i}"),
            },
            FnArg::Receiver(_) => unreachable!("receivers were rejected"),
        })
        .collect();
    let output: Type = match &f.sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };

    let guest = guest_entry(f, &options, &types, &output);
    let host = host_module(f, &options, &types, &args, &output);
    Ok(quote! {
        #[cfg_attr(target_arch = "riscv32", allow(dead_code))]
        #f
        #guest
        #host
    })
}

/// The RISC-V entry, only for the function the build selected.
fn guest_entry(f: &ItemFn, options: &Options, types: &[&Type], output: &Type) -> TokenStream2 {
    let name = &f.sig.ident;
    let selected = std::env::var("JOLT_PROVABLE_ENTRY").ok();
    // Recorded so that cargo rebuilds the crate when the selection changes.
    let track = quote! {
        #[cfg(all(target_arch = "riscv32", target_os = "none"))]
        const _: ::core::option::Option<&str> = ::core::option_env!("JOLT_PROVABLE_ENTRY");
    };
    if selected.as_deref() != Some(name.to_string().as_str()) {
        return track;
    }
    let symbol = format_ident!("__jolt_provable_{}", name);
    let indices = (0..types.len()).map(syn::Index::from);
    let records = attribute_records(name, options);
    quote_spanned! {name.span()=>
        #track
        #records
        #[cfg(all(target_arch = "riscv32", target_os = "none"))]
        const _: () = {
            /// The guest entry of this `#[provable]` function: decode the arguments, call,
            /// encode the result.
            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            #[inline(never)]
            pub extern "Rust" fn #symbol() {
                let args: (#(#types,)*) = ::guest::read_input();
                let result: #output = #name(#(args.#indices),*);
                ::guest::write_output(&result);
            }

            /// Called by the runtime's `_start`.
            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "Rust" fn __jolt_user_main() {
                #symbol()
            }
        };
    }
}

/// The attribute's settings as absolute ELF symbols `__jolt_attr_*` (only those it sets; the
/// host fills in its defaults): the ELF says how it must be linked and bounded, so a tool
/// that only has the crate (`jolt prove --path CRATE --function f`) builds and proves the
/// same program as the host side of the macro. The linker keeps absolute symbols whatever
/// references them, and they occupy no memory. They sit in a module of their own so that
/// `global_asm!` (an `unsafe_code` lint) is allowed there only, with the function's scope
/// imported for the attribute's expressions.
fn attribute_records(name: &syn::Ident, options: &Options) -> TokenStream2 {
    let mut records = TokenStream2::new();
    let sizes = [
        (&options.memory_size, "memory_size"),
        (&options.stack_size, "stack_size"),
        (&options.max_input_size, "max_input_size"),
        (&options.max_output_size, "max_output_size"),
    ];
    for (expr, field) in sizes {
        if let Some(e) = expr {
            records.extend(record(field, &quote!((#e) as u32)));
        }
    }
    if let Some(e) = &options.max_trace_length {
        // ceil(log2(max_trace_length)), as `host::provable::log_cycles_for` computes it.
        let log = quote!({
            let length: u64 = (#e) as u64;
            if length <= 1 {
                0u32
            } else {
                u64::BITS - (length - 1).leading_zeros()
            }
        });
        records.extend(record("max_log_cycles", &log));
    }
    let module = format_ident!("__jolt_attributes_{}", name);
    quote! {
        #[cfg(all(target_arch = "riscv32", target_os = "none"))]
        #[allow(unsafe_code, unused_imports, non_snake_case)]
        #[doc(hidden)]
        mod #module {
            use super::*;
            #records
        }
    }
}

fn record(field: &str, value: &TokenStream2) -> TokenStream2 {
    let symbol = format!("__jolt_attr_{field}");
    let globl = format!(".globl {symbol}");
    let set = format!(".set {symbol}, {{}}");
    quote! {
        ::core::arch::global_asm!(#globl, #set, const #value);
    }
}

/// The host-side module `name`.
fn host_module(
    f: &ItemFn,
    options: &Options,
    types: &[&Type],
    args: &[syn::Ident],
    output: &Type,
) -> TokenStream2 {
    let name = &f.sig.ident;
    let vis = &f.vis;
    let name_str = name.to_string();
    let field = |e: &Option<Expr>, field: &str| -> TokenStream2 {
        let ident = format_ident!("{}", field);
        match e {
            Some(e) => quote!(#ident: (#e) as u32,),
            None => quote!(#ident: defaults.#ident,),
        }
    };
    let memory_size = field(&options.memory_size, "memory_size");
    let stack_size = field(&options.stack_size, "stack_size");
    let max_input_size = field(&options.max_input_size, "max_input_size");
    let max_output_size = field(&options.max_output_size, "max_output_size");
    let max_log_cycles = match &options.max_trace_length {
        Some(e) => quote!(::host::provable::log_cycles_for((#e) as u64)),
        None => quote!(::host::DEFAULT_MAX_LOG_CYCLES),
    };
    let doc = format!(
        "Host side of the `#[provable]` function [`{name_str}()`](fn@super::{name_str}): build \
         its guest ELF, preprocess it once, then prove, verify, analyse and run it."
    );
    quote! {
        #[cfg(not(target_arch = "riscv32"))]
        #[doc = #doc]
        #[allow(clippy::needless_pass_by_value, unused_imports)]
        #vis mod #name {
            use super::*;

            /// The arguments as the guest decodes them.
            pub type Args = (#(#types,)*);

            /// Where the function's crate is and how its ELF is built and bounded.
            pub fn spec() -> ::host::provable::ProvableSpec {
                let defaults = ::host::MemoryConfig::default();
                ::host::provable::ProvableSpec {
                    name: #name_str,
                    crate_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                    package: ::core::env!("CARGO_PKG_NAME"),
                    config: ::host::MemoryConfig {
                        #memory_size
                        #stack_size
                        #max_input_size
                        #max_output_size
                    },
                    max_log_cycles: #max_log_cycles,
                }
            }

            /// Compiles the guest ELF and preprocesses it for Hyrax (transparent setup).
            pub fn build() -> ::core::result::Result<Program, ::host::HostError> {
                build_with::<::host::jolt_core::pcs::Hyrax>(&::core::default::Default::default())
            }

            /// Compiles the guest ELF and preprocesses it for the commitment scheme `C`.
            pub fn build_with<C: ::host::HostPcs>(
                params: &C::Params,
            ) -> ::core::result::Result<Program<C>, ::host::HostError> {
                ::core::result::Result::Ok(Program(::host::provable::Provable::build(&spec(), params)?))
            }

            /// The compiled and preprocessed function.
            #[derive(Debug)]
            pub struct Program<C: ::host::HostPcs = ::host::jolt_core::pcs::Hyrax>(
                pub ::host::provable::Provable<Args, #output, C>,
            );

            impl<C: ::host::HostPcs> Program<C> {
                /// Proves a run on these arguments; returns the result and the proof. A guest
                /// panic is an error with the guest's message.
                pub fn prove(
                    &self,
                    #(#args: #types),*
                ) -> ::core::result::Result<(#output, ::host::Proof<C>), ::host::HostError> {
                    self.0.prove(&(#(#args,)*))
                }

                /// Checks that `proof` proves that the function returned `output` on these
                /// arguments.
                pub fn verify(
                    &self,
                    #(#args: #types,)*
                    output: &#output,
                    proof: &::host::Proof<C>,
                ) -> ::core::result::Result<(), ::host::HostError> {
                    self.0.verify(&(#(#args,)*), output, proof)
                }

                /// Runs the function in the emulator (no proof).
                pub fn run(&self, #(#args: #types),*) -> ::core::result::Result<#output, ::host::HostError> {
                    self.0.run(&(#(#args,)*))
                }

                /// Cycle count, instruction histogram and memory use of a run.
                pub fn analyze(
                    &self,
                    #(#args: #types),*
                ) -> ::core::result::Result<::host::Analysis, ::host::HostError> {
                    self.0.analyze(&(#(#args,)*))
                }
            }
        }
    }
}
