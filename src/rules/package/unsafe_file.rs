use crate::package::LoadProblemKind;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports what pcpkg refuses to open in a connector folder: a symbolic link whose target
    /// leaves the folder (`up -> ..`, `apiProperties.json -> ~/.ssh/id_rsa`), a FIFO, socket or
    /// device anywhere in it, and a folder where an artifact file is expected. Such an entry is
    /// never opened, and `pcpkg pack` never embeds it. This rule always runs, at error, and
    /// cannot be ignored.
    ///
    /// ## Why is this bad?
    /// A link from `apiProperties.json` to a file outside the folder (`~/.ssh/id_rsa`,
    /// `/dev/zero`) would make a validator read, or a packer publish, a file that is not part
    /// of the connector; opening a FIFO blocks forever. Such a file cannot be what was meant.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json -> /home/me/secrets.json
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    /// ```
    ///
    /// ## Source
    /// pcpkg's hostile-input policy (`../shared/spec/reliability.md` §6).
    pub(crate) UnsafeFile {
        code: "PK014",
        name: "unsafe-file",
        family: PK,
        category: Security,
        levels: [E, E, E],
        summary: "no symlink leaving the connector folder, no FIFO or device, no folder in an artifact's place",
    }
}

impl Rule for UnsafeFile {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        for problem in &package.problems {
            if problem.kind == LoadProblemKind::UnsafeFile {
                cx.report_path(problem.path.clone(), problem.message.clone())
                    .help(
                        "remove it, or replace it with a regular file inside the connector folder",
                    );
            }
        }
    }
}
