//! JSON Patch as ConnectWise applies it: an array of `{op, path, value}` with bare camelCase
//! paths (a leading `/` is tolerated), `replace`/`add`/`remove`, numeric strings coerced for
//! numeric fields, references given as objects. Bad bodies become field errors.

use serde_json::{json, Value};

use super::envelope::FieldError;

/// How a patchable field is typed.
#[derive(Clone, Copy)]
pub(crate) enum PatchKind {
    Num,
    Str(usize),
    Bool,
    Date,
    Enum(&'static [&'static str]),
    Reference,
    Array,
}

/// Fields a client may patch on an addition.
pub(crate) const ADDITION_FIELDS: &[(&str, PatchKind)] = &[
    ("quantity", PatchKind::Num),
    ("lessIncluded", PatchKind::Num),
    ("unitPrice", PatchKind::Num),
    ("unitCost", PatchKind::Num),
    (
        "billCustomer",
        PatchKind::Enum(&["Billable", "DoNotBill", "NoCharge"]),
    ),
    ("effectiveDate", PatchKind::Date),
    ("cancelledDate", PatchKind::Date),
    ("taxableFlag", PatchKind::Bool),
    ("serialNumber", PatchKind::Str(50)),
    ("invoiceDescription", PatchKind::Str(6000)),
    ("description", PatchKind::Str(6000)),
    ("purchaseItemFlag", PatchKind::Bool),
    ("specialOrderFlag", PatchKind::Bool),
    ("sequenceNumber", PatchKind::Num),
    ("customFields", PatchKind::Array),
];

/// Fields a client may patch on a ticket.
pub(crate) const TICKET_FIELDS: &[(&str, PatchKind)] = &[
    ("summary", PatchKind::Str(100)),
    ("status", PatchKind::Reference),
    ("priority", PatchKind::Reference),
    ("source", PatchKind::Reference),
    ("requiredDate", PatchKind::Date),
    ("externalXRef", PatchKind::Str(100)),
    ("closedFlag", PatchKind::Bool),
    ("customFields", PatchKind::Array),
];

fn invalid(resource: &str, field: &str, message: String) -> FieldError {
    FieldError {
        code: "InvalidField".into(),
        message,
        resource: resource.into(),
        field: field.into(),
    }
}

/// Applies `ops` to a copy of `record`; the caller stores it only if this succeeds.
pub(crate) fn apply(
    record: &Value,
    ops: &Value,
    fields: &[(&str, PatchKind)],
    resource: &str,
) -> Result<Value, Vec<FieldError>> {
    let Some(ops) = ops.as_array() else {
        return Err(vec![invalid(
            resource,
            "",
            "The request body must be a JSON array of patch operations.".into(),
        )]);
    };
    let mut out = record.clone();
    let mut errors = Vec::new();
    for op in ops {
        let (Some(kind), Some(path)) = (op["op"].as_str(), op["path"].as_str()) else {
            errors.push(invalid(
                resource,
                "",
                "Each operation needs op and path.".into(),
            ));
            continue;
        };
        let path = path.strip_prefix('/').unwrap_or(path);
        let Some((name, ty)) = fields.iter().find(|(f, _)| *f == path) else {
            errors.push(invalid(
                resource,
                path,
                format!("{path} is not a valid patch path."),
            ));
            continue;
        };
        match kind.to_ascii_lowercase().as_str() {
            "remove" => {
                out[*name] = Value::Null;
            }
            "replace" | "add" => match coerce(&op["value"], *ty) {
                Ok(v) => out[*name] = v,
                Err(msg) => errors.push(invalid(resource, name, msg)),
            },
            other => errors.push(invalid(resource, name, format!("Unsupported op {other}."))),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn coerce(v: &Value, ty: PatchKind) -> Result<Value, String> {
    match ty {
        PatchKind::Num => match v {
            Value::Number(_) => Ok(json!(v.as_f64().unwrap_or_default())),
            // Production clients send decimals as strings and the server accepts them.
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| json!(f))
                .ok_or_else(|| format!("'{s}' is not a number.")),
            Value::Null => Ok(Value::Null),
            _ => Err("A number is required.".into()),
        },
        PatchKind::Str(max) => match v {
            Value::String(s) if s.chars().count() <= max => Ok(v.clone()),
            Value::String(_) => Err(format!("The value may be at most {max} characters.")),
            Value::Null => Ok(Value::Null),
            _ => Err("A string is required.".into()),
        },
        PatchKind::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(json!(true)),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(json!(false)),
            _ => Err("true or false is required.".into()),
        },
        PatchKind::Date => match v {
            Value::Null => Ok(Value::Null),
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|d| {
                    json!(d
                        .with_timezone(&chrono::Utc)
                        .format("%Y-%m-%dT%H:%M:%SZ")
                        .to_string())
                })
                .map_err(|_| format!("'{s}' is not a date-time (yyyy-MM-ddTHH:mm:ssZ).")),
            _ => Err("A date-time string is required.".into()),
        },
        PatchKind::Enum(allowed) => match v.as_str() {
            Some(s) if allowed.contains(&s) => Ok(v.clone()),
            _ => Err(format!("The value must be one of {}.", allowed.join(", "))),
        },
        PatchKind::Reference => match v {
            Value::Object(_) => Ok(v.clone()),
            _ => Err("A reference object such as {\"id\": 1} is required.".into()),
        },
        PatchKind::Array => match v {
            Value::Array(_) => Ok(v.clone()),
            _ => Err("An array is required.".into()),
        },
    }
}

/// Recomputes an addition's derived money fields (the real arithmetic is UNCONFIRMED; this is
/// the plausible one and clients must not rely on it).
pub(crate) fn recompute_addition(row: &mut Value) {
    let q = row["quantity"].as_f64().unwrap_or(0.0);
    let less = row["lessIncluded"].as_f64().unwrap_or(0.0);
    let price = row["unitPrice"].as_f64().unwrap_or(0.0);
    let cost = row["unitCost"].as_f64().unwrap_or(0.0);
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let ext_price = round(price * (q - less));
    let ext_cost = round(cost * q);
    row["billedQuantity"] = json!(q - less);
    row["extPrice"] = json!(ext_price);
    row["extCost"] = json!(ext_cost);
    row["margin"] = json!(round(ext_price - ext_cost));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_and_rejects() {
        let rec = json!({"id": 1, "quantity": 5.0, "unitCost": 1.0, "billCustomer": "Billable"});
        let out = apply(
            &rec,
            &json!([{"op":"replace","path":"quantity","value":"27"},{"op":"replace","path":"/unitCost","value":18.9}]),
            ADDITION_FIELDS,
            "addition",
        )
        .unwrap();
        assert_eq!(out["quantity"], json!(27.0));
        assert_eq!(out["unitCost"], json!(18.9));

        let errs = apply(&rec, &json!({"op":"replace"}), ADDITION_FIELDS, "addition").unwrap_err();
        assert_eq!(errs.len(), 1);
        let errs = apply(
            &rec,
            &json!([{"op":"replace","path":"Quantity","value":1},{"op":"replace","path":"quantity","value":"x"}]),
            ADDITION_FIELDS,
            "addition",
        )
        .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[1].field, "quantity");
    }
}
