//! The placeholders of a message template: `{field.path}`, and a counted
//! noun, `{field.path|singular|plural}`. Filling them is the profile's
//! (`Profile::fill`); the catalog checks them when it loads.

/// The `{field.path}` placeholders of a message, as written (a counted
/// noun, `{team.engineers|engineer|engineers}`, whole).
pub(crate) fn placeholders(message: &str) -> impl Iterator<Item = &str> {
    message
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// A placeholder as read: its field path, and the noun it counts (singular,
/// plural), if any.
pub(crate) struct Placeholder<'a> {
    pub path: &'a str,
    pub noun: Option<(&'a str, &'a str)>,
}

/// A placeholder's field path, and the noun it counts when it is written
/// `{path|one|many}`: the number then comes with `one` when it is 1, else
/// with `many` ("1 engineer", "3 engineers"). `Err` names what is wrong
/// with a `|` form.
pub(crate) fn counted(placeholder: &str) -> Result<Placeholder<'_>, String> {
    let mut parts = placeholder.split('|');
    let path = parts.next().unwrap_or_default();
    match (parts.next(), parts.next(), parts.next()) {
        (None, ..) => Ok(Placeholder { path, noun: None }),
        (Some(one), Some(many), None) if !one.trim().is_empty() && !many.trim().is_empty() => {
            Ok(Placeholder {
                path,
                noun: Some((one, many)),
            })
        }
        _ => Err(format!(
            "`{{{placeholder}}}` counts a noun as {{FIELD|SINGULAR|PLURAL}}, e.g. {{team.engineers|engineer|engineers}}"
        )),
    }
}
