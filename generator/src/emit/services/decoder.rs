//! The closure that maps a response to the operation's outcome, spelled from the IR's plan.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::{ident, rust_type};
use crate::ir::{BodyRead, DecodeArm, Operation, Outcome, Side, StatusPattern};

/// The type one side of an operation decodes into.
pub(super) fn outcome_type(outcome: &Outcome) -> TokenStream {
    match outcome {
        Outcome::Single { ty } => rust_type(ty),
        Outcome::PerStatus { type_name, .. } => {
            let name = ident(type_name);
            quote!(#name)
        }
    }
}

/// The closure that maps a response to the operation's outcome, spelled from the plan.
pub(super) fn decoder(op: &Operation) -> TokenStream {
    let arms = &op.decoding.arms;
    let undocumented = quote!(Ok(Outcome::Undocumented));
    if let [only] = arms.as_slice()
        && only.statuses == [StatusPattern::Any]
    {
        let body = arm_body(only);
        return if only.read == BodyRead::Empty && only.variant.is_none() {
            quote!(|_| #body)
        } else {
            quote!(|response| #body)
        };
    }
    if arms.is_empty() {
        return quote!(|_| #undocumented);
    }
    let arms_tokens = arms.iter().map(|arm| {
        let patterns = arm.statuses.iter().map(status_pattern);
        let body = arm_body(arm);
        quote!(#(#patterns)|* => #body,)
    });
    let fallback = op
        .decoding
        .otherwise_undocumented
        .then(|| quote!(_ => #undocumented,));
    quote! {
        |response| match response.status().as_u16() {
            #(#arms_tokens)*
            #fallback
        }
    }
}

fn status_pattern(pattern: &StatusPattern) -> TokenStream {
    match pattern {
        StatusPattern::Code(code) => {
            let code = Literal::u16_unsuffixed(*code);
            quote!(#code)
        }
        // Ranges as guards: a `200` arm before a `200..=299` arm is what the document means,
        // but clippy reads overlapping range patterns as a mistake.
        StatusPattern::Range { low, high } => {
            let (low, high) = (
                Literal::u16_unsuffixed(*low),
                Literal::u16_unsuffixed(*high),
            );
            quote!(status if (#low..=#high).contains(&status))
        }
        StatusPattern::Run { low, high } => {
            let (low, high) = (
                Literal::u16_unsuffixed(*low),
                Literal::u16_unsuffixed(*high),
            );
            quote!(#low..=#high)
        }
        StatusPattern::Errors => quote!(status if status >= 400),
        StatusPattern::Any => quote!(_),
    }
}

fn arm_body(arm: &DecodeArm) -> TokenStream {
    let wrap = match arm.side {
        Side::Success => quote!(Outcome::Success),
        Side::Failure => quote!(Outcome::Failure),
    };
    match &arm.variant {
        None => match arm.read {
            BodyRead::Json => quote!(response.json_into(#wrap)),
            BodyRead::Text => quote!(response.text().map(#wrap)),
            BodyRead::Bytes => quote!(Ok(#wrap(response.bytes()))),
            BodyRead::Empty => quote!(Ok(#wrap(()))),
        },
        Some(path) => {
            let (name, variant) = (ident(&path.enum_name), ident(&path.variant));
            match arm.read {
                BodyRead::Json => quote!(response.json_into(|body| #wrap(#name::#variant(body)))),
                BodyRead::Text => quote!(response.text().map(|body| #wrap(#name::#variant(body)))),
                BodyRead::Bytes => quote!(Ok(#wrap(#name::#variant(response.bytes())))),
                BodyRead::Empty => quote!(Ok(#wrap(#name::#variant))),
            }
        }
    }
}
