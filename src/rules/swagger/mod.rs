mod swagger_version;

use super::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[&swagger_version::SwaggerVersion];
