use super::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
