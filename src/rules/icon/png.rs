use super::{MAX_DECODED_SIDE, inspected, named};
use crate::diagnostic::Target;
use crate::rules::levels::{E, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that `icon.png` is a PNG file a viewer can open: the PNG signature, a valid `IHDR`
    /// header (no empty side, a known bit depth and colour type), every chunk complete and with a
    /// correct CRC, image data present and decodable. A file that is really a JPEG, GIF, SVG,
    /// WebP or BMP is named for what it is.
    ///
    /// An icon larger than 1024×1024 px is not decoded at all: IC003 reports its size, and this
    /// rule reports that pcpkg could not vouch for its pixels (reliability.md §0 and G6: an
    /// oversize PNG is a finding that fails validation, not a warning to skip). The decoder may
    /// use at most 8 MiB; text chunks are never inflated.
    ///
    /// ## Why is this bad?
    /// The certification submission asks for the icon "in PNG format as `icon.png`". A renamed
    /// JPEG or a truncated file is rejected, or shows as a broken image in the connector gallery.
    ///
    /// ## Example
    /// A JPEG saved under the name `icon.png`:
    /// ```text
    /// FF D8 FF E0 00 10 4A 46 49 46 00 …   (JFIF)
    /// ```
    /// Use instead: a real PNG, starting with the PNG signature:
    /// ```text
    /// 89 50 4E 47 0D 0A 1A 0A 00 00 00 0D 49 48 44 52 …   (\x89PNG, IHDR)
    /// ```
    ///
    /// ## Source
    /// CS: the connector icon is submitted "in PNG format as `icon.png`"
    /// (`../shared/spec/sources/submit-for-certification.txt`: "contain the required three
    /// artifact files: … The connector icon"); reliability.md §2 for the reading limits.
    pub(crate) Png {
        code: "IC001",
        name: "png",
        family: IC,
        category: Schema,
        levels: [E, OFF, W],
        summary: "`icon.png` is a valid PNG file",
    }
}

impl Rule for Png {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, file_name, info)) = inspected(cx) else {
            return;
        };
        if let Some(problem) = &info.problem {
            cx.report(id, Target::File, named(&problem.message, &file_name))
                .help(problem.help);
        } else if let Some(header) = &info.header
            && header.width.max(header.height) > MAX_DECODED_SIDE
        {
            cx.report(
                id,
                Target::File,
                format!(
                    "{file_name} is {}×{} px, larger than {MAX_DECODED_SIDE}×{MAX_DECODED_SIDE}: it was not decoded, so its pixels could not be checked",
                    header.width, header.height
                ),
            )
            .help("save the icon as a 230×230 PNG");
        }
    }
}
