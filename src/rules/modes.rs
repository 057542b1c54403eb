//! rules.md §1.1: which rules run in which input mode, and the modes that change a severity.

use super::levels::{E, I, OFF, W};
use super::{Family, Level, RuleMeta};
use crate::package::Mode;

/// How a rule behaves in one mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModePolicy {
    /// The rule does not run in this mode.
    Off,
    /// The rule runs with its own per-profile levels.
    Cell,
    /// The rule runs with these levels instead (certified, independent-publisher, custom).
    Levels([Level; 3]),
}

/// The §1.1 table.
#[must_use]
pub fn policy(meta: &RuleMeta, mode: Mode) -> ModePolicy {
    use Mode::{File, Folder, PartnerCenter, Zip};
    use ModePolicy::{Cell, Levels, Off};
    let number: u32 = meta.code[2..].parse().unwrap_or(0);
    let runs = |modes: &[Mode]| if modes.contains(&mode) { Cell } else { Off };
    match meta.family {
        Family::PK => match number {
            1..=3 | 5 | 12 | 13 => runs(&[Folder, Zip]),
            4 | 8 => runs(&[Zip]),
            6 => match mode {
                Folder => Levels([W, W, I]),
                Zip => Levels([E, E, W]),
                _ => Off,
            },
            7 => match mode {
                Folder => Levels([I, I, I]),
                Zip => Levels([E, E, W]),
                PartnerCenter => Levels([E, E, OFF]),
                File => Off,
            },
            9 => runs(&[Zip, PartnerCenter]),
            10 | 11 => Cell,
            14 => runs(&[Folder]),
            20..=27 => runs(&[PartnerCenter]),
            _ => Off,
        },
        Family::SW | Family::IC => Cell,
        Family::AP => match number {
            4 | 5 | 60..=62 => runs(&[Folder, Zip, File]),
            _ => Cell,
        },
        Family::SC => runs(&[Folder, Zip, File]),
        Family::RM => match number {
            1 | 7 | 8 => runs(&[Folder]),
            2..=6 => runs(&[Folder, File]),
            10 => runs(&[PartnerCenter]),
            11..=13 => runs(&[Folder, PartnerCenter, File]),
            _ => Off,
        },
    }
}

/// The rules whose severity depends on the mode (shown as `by mode` in `pcpkg rules`).
#[must_use]
pub fn is_mode_dependent(meta: &RuleMeta) -> bool {
    [Mode::Folder, Mode::Zip, Mode::PartnerCenter, Mode::File]
        .into_iter()
        .any(|mode| matches!(policy(meta, mode), ModePolicy::Levels(_)))
}
