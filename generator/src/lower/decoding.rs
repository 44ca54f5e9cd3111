//! Responses -> what each side of an operation decodes into, and the plan that maps every
//! status to a side, a body reading and a variant. The emitter spells the plan as a `match`.

use openapiv3::{Operation as OpenApiOperation, ReferenceOr, StatusCode};

use super::Lowerer;
use super::operations::is_json;
use crate::diagnostics::push_pointer;
use crate::ir::{
    BodyRead, DecodeArm, Decoding, Outcome, Side, StatusPattern, StatusVariant, TypeRef,
    VariantPath,
};
use crate::names::Namespace;
use crate::text::code;

/// A listed status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Code(u16),
    /// `4XX`: the first digit.
    Range(u16),
    Default,
}

/// One documented response, on its side.
struct Case {
    status: Status,
    read: BodyRead,
    ty: TypeRef,
    variant: String,
    docs: String,
}

/// What lowering decided about an operation's responses.
pub(super) struct Responses {
    pub(super) success: Outcome,
    pub(super) error: Outcome,
    pub(super) decoding: Decoding,
    pub(super) success_statuses: Vec<String>,
}

impl Lowerer<'_> {
    pub(super) fn responses(
        &mut self,
        op: &OpenApiOperation,
        method_name: &str,
        type_stem: &str,
        pointer: &str,
    ) -> Responses {
        let (success_cases, mut error_cases) = self.cases(op, type_stem, pointer);
        if error_cases.is_empty() {
            // Nothing documented: an error body is still worth having, as any JSON.
            error_cases.push(Case {
                status: Status::Default,
                read: BodyRead::Json,
                ty: TypeRef::Any,
                variant: "Other".to_owned(),
                docs: "Any error, with whatever JSON body the server sends.".to_owned(),
            });
        }
        let success = self.outcome(
            &success_cases,
            format!("{type_stem}Response"),
            "succeeds",
            method_name,
        );
        let error = self.outcome(
            &error_cases,
            format!("{type_stem}Error"),
            "fails",
            method_name,
        );
        let success_statuses = success_cases
            .iter()
            .map(|c| status_name(c.status))
            .collect();
        let decoding = plan(&success_cases, &success, &error_cases, &error);
        Responses {
            success,
            error,
            decoding,
            success_statuses,
        }
    }

    /// The documented responses, split into the success and the error side.
    fn cases(
        &mut self,
        op: &OpenApiOperation,
        type_stem: &str,
        pointer: &str,
    ) -> (Vec<Case>, Vec<Case>) {
        let responses_pointer = push_pointer(pointer, "responses");
        let mut listed: Vec<(Status, &ReferenceOr<openapiv3::Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, response)| {
                let status = match code {
                    StatusCode::Code(code) => Status::Code(*code),
                    StatusCode::Range(range) => Status::Range(*range),
                };
                (
                    status,
                    response,
                    push_pointer(&responses_pointer, &code.to_string()),
                )
            })
            .collect();
        if let Some(default) = &op.responses.default {
            listed.push((
                Status::Default,
                default,
                push_pointer(&responses_pointer, "default"),
            ));
        }
        let has_success = listed.iter().any(|(status, ..)| is_success(*status));
        let (mut success, mut error) = (Vec::new(), Vec::new());
        for (status, response, at) in listed {
            let Some((response, at)) = self.resolve(response, "responses", |c| &c.responses, &at)
            else {
                continue;
            };
            // With only a `default`, it describes every answer: 2xx is the success, an error
            // status carries the same shape as a failure.
            let default_only = status == Status::Default && !has_success;
            let on_success = is_success(status) || default_only;
            let stem = if on_success { "Response" } else { "Error" };
            let hint = format!("{type_stem}{stem}{}", status_suffix(status));
            let (read, ty) = self.response_body(response, &at, &hint);
            let description = response.description.trim();
            let docs = |status| {
                if description.is_empty() {
                    format!("The {} response.", status_name(status))
                } else {
                    description.to_owned()
                }
            };
            if default_only {
                let range = Status::Range(2);
                success.push(Case {
                    status: range,
                    read,
                    ty: ty.clone(),
                    variant: status_variant(range),
                    docs: docs(range),
                });
            }
            let case = Case {
                status,
                read,
                ty,
                variant: status_variant(status),
                docs: docs(status),
            };
            if on_success && !default_only {
                success.push(case);
            } else {
                error.push(case);
            }
        }
        (success, error)
    }

    fn response_body(
        &mut self,
        response: &openapiv3::Response,
        at: &str,
        hint: &str,
    ) -> (BodyRead, TypeRef) {
        if let Some((media_type, media)) = response.content.iter().find(|(m, _)| is_json(m)) {
            let schema_pointer = push_pointer(
                &push_pointer(&push_pointer(at, "content"), media_type),
                "schema",
            );
            let ty = match &media.schema {
                Some(schema) => self.schema_type(schema, &schema_pointer, hint),
                None => TypeRef::Any,
            };
            let media_pointer = push_pointer(&push_pointer(at, "content"), media_type);
            self.media_examples(media, &media_pointer, &ty);
            return (BodyRead::Json, ty);
        }
        match response.content.keys().next() {
            None => (BodyRead::Empty, TypeRef::Unit),
            Some(media) if media.starts_with("text/") => (BodyRead::Text, TypeRef::String),
            Some(_) => (BodyRead::Bytes, TypeRef::Bytes),
        }
    }

    /// One type when every status agrees, else an enum with a variant per status.
    fn outcome(
        &mut self,
        cases: &[Case],
        enum_name: String,
        verb: &str,
        method_name: &str,
    ) -> Outcome {
        let Some(first) = cases.first() else {
            return Outcome::Single { ty: TypeRef::Unit };
        };
        if cases.iter().all(|c| c.ty == first.ty) {
            return Outcome::Single {
                ty: first.ty.clone(),
            };
        }
        let mut names = Namespace::default();
        let variants = cases
            .iter()
            .map(|c| StatusVariant {
                name: names.claim(&c.variant),
                ty: c.ty.clone(),
                docs: c.docs.clone(),
            })
            .collect();
        Outcome::PerStatus {
            type_name: self.type_names.claim_type(&enum_name),
            docs: format!(
                "How `{}` {verb}: one variant per documented status.",
                code(crate::names::bare(method_name))
            ),
            variants,
        }
    }
}

/// The arms in the order `match` needs: exact statuses, ranges, other 2xx, error default,
/// success default. Arms that decode alike are merged.
fn plan(
    success_cases: &[Case],
    success: &Outcome,
    error_cases: &[Case],
    error: &Outcome,
) -> Decoding {
    let has_error = |status| error_cases.iter().any(|c| c.status == status);
    let ranges_cover_errors = has_error(Status::Range(4)) && has_error(Status::Range(5));
    let mut arms: Vec<(u8, DecodeArm)> = Vec::new();
    for (side, cases, outcome) in [
        (Side::Success, success_cases, success),
        (Side::Failure, error_cases, error),
    ] {
        for (index, case) in cases.iter().enumerate() {
            let (order, pattern) = match (case.status, side) {
                (Status::Code(code), _) => (0, StatusPattern::Code(code)),
                (Status::Range(range), _) => (1, range_pattern(range)),
                // An error-side `default` covers error statuses only: an undocumented 2xx is
                // not a failure body.
                (Status::Default, Side::Failure) if ranges_cover_errors => continue,
                (Status::Default, Side::Failure) => (3, StatusPattern::Errors),
                (Status::Default, Side::Success) => (4, StatusPattern::Any),
            };
            arms.push((
                order,
                DecodeArm {
                    statuses: vec![pattern],
                    side,
                    read: case.read,
                    variant: variant_path(outcome, index),
                },
            ));
        }
    }
    // A status the document does not list but that still means success (a 201 where 200 is
    // documented) decodes like the documented success, when there is only one shape.
    if let (Outcome::Single { .. }, false) = (
        success,
        success_cases
            .iter()
            .any(|c| matches!(c.status, Status::Range(2) | Status::Default)),
    ) {
        let read = success_cases.first().map_or(BodyRead::Empty, |c| c.read);
        // A documented 2xx decoded exactly like the fallback is already covered by it.
        arms.retain(|(_, arm)| {
            !matches!(arm.statuses[..], [StatusPattern::Code(200..=299)])
                || arm.side != Side::Success
                || arm.read != read
                || arm.variant.is_some()
        });
        arms.push((
            2,
            DecodeArm {
                statuses: vec![range_pattern(2)],
                side: Side::Success,
                read,
                variant: None,
            },
        ));
    }
    // An exact error status decoded just like the error default adds nothing, unless a range
    // between them would take it first.
    let error_default = arms
        .iter()
        .find(|(_, a)| a.statuses == [StatusPattern::Errors])
        .map(|(_, a)| (a.read, a.variant.clone()));
    arms.retain(|(_, arm)| match (&arm.statuses[..], &error_default) {
        ([StatusPattern::Code(code)], Some((read, variant))) if arm.side == Side::Failure => {
            let shadowed = arms_cover(error_cases, *code);
            !(*code >= 400 && !shadowed && arm.read == *read && arm.variant == *variant)
        }
        _ => true,
    });
    arms.sort_by_key(|(order, _)| *order);
    let mut merged: Vec<(u8, DecodeArm)> = Vec::new();
    for (order, arm) in arms {
        match merged.last_mut() {
            Some((0, last))
                if order == 0
                    && last.side == arm.side
                    && last.read == arm.read
                    && last.variant == arm.variant =>
            {
                last.statuses.extend(arm.statuses);
            }
            _ => merged.push((order, arm)),
        }
    }
    let arms: Vec<DecodeArm> = merged
        .into_iter()
        .map(|(_, mut arm)| {
            if let Some(run) = consecutive(&arm.statuses) {
                arm.statuses = vec![run];
            }
            arm
        })
        .collect();
    Decoding {
        otherwise_undocumented: !arms
            .iter()
            .any(|a| a.statuses.contains(&StatusPattern::Any)),
        arms,
    }
}

/// Three or more exact statuses without a gap (`402 | 403 | 404`) as one run.
fn consecutive(statuses: &[StatusPattern]) -> Option<StatusPattern> {
    let mut codes = statuses
        .iter()
        .map(|s| match s {
            StatusPattern::Code(code) => Some(*code),
            _ => None,
        })
        .collect::<Option<Vec<u16>>>()?;
    codes.sort_unstable();
    let (&low, &high) = (codes.first()?, codes.last()?);
    (codes.len() >= 3 && usize::from(high - low) + 1 == codes.len())
        .then_some(StatusPattern::Run { low, high })
}

/// Whether an error range arm would take `code` before the error default.
fn arms_cover(error_cases: &[Case], code: u16) -> bool {
    error_cases
        .iter()
        .any(|c| c.status == Status::Range(code / 100))
}

fn range_pattern(range: u16) -> StatusPattern {
    let low = range.saturating_mul(100);
    StatusPattern::Range {
        low,
        high: low.saturating_add(99),
    }
}

fn variant_path(outcome: &Outcome, index: usize) -> Option<VariantPath> {
    match outcome {
        Outcome::Single { .. } => None,
        Outcome::PerStatus {
            type_name,
            variants,
            ..
        } => variants.get(index).map(|v| VariantPath {
            enum_name: type_name.clone(),
            variant: v.name.clone(),
        }),
    }
}

fn is_success(status: Status) -> bool {
    match status {
        Status::Code(code) => code < 400,
        Status::Range(range) => range < 4,
        Status::Default => false,
    }
}

fn status_name(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(range) => format!("{range}XX"),
        Status::Default => "default".to_owned(),
    }
}

fn status_suffix(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(range) => format!("{range}xx"),
        Status::Default => "Default".to_owned(),
    }
}

/// The variant for a status in a per-status enum: its reason phrase, `Ok` for 200.
fn status_variant(status: Status) -> String {
    let reason = match status {
        Status::Code(200) => "Ok",
        Status::Code(201) => "Created",
        Status::Code(202) => "Accepted",
        Status::Code(203) => "NonAuthoritativeInformation",
        Status::Code(204) => "NoContent",
        Status::Code(206) => "PartialContent",
        Status::Code(301) => "MovedPermanently",
        Status::Code(302) => "Found",
        Status::Code(303) => "SeeOther",
        Status::Code(304) => "NotModified",
        Status::Code(307) => "TemporaryRedirect",
        Status::Code(400) => "BadRequest",
        Status::Code(401) => "Unauthorized",
        Status::Code(402) => "PaymentRequired",
        Status::Code(403) => "Forbidden",
        Status::Code(404) => "NotFound",
        Status::Code(405) => "MethodNotAllowed",
        Status::Code(406) => "NotAcceptable",
        Status::Code(409) => "Conflict",
        Status::Code(410) => "Gone",
        Status::Code(412) => "PreconditionFailed",
        Status::Code(413) => "PayloadTooLarge",
        Status::Code(415) => "UnsupportedMediaType",
        Status::Code(422) => "UnprocessableEntity",
        Status::Code(429) => "TooManyRequests",
        Status::Code(500) => "InternalServerError",
        Status::Code(501) => "NotImplemented",
        Status::Code(502) => "BadGateway",
        Status::Code(503) => "ServiceUnavailable",
        Status::Code(504) => "GatewayTimeout",
        Status::Default => "Other",
        _ => return format!("Status{}", status_suffix(status)),
    };
    reason.to_owned()
}
