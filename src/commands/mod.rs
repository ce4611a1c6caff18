//! One module per subcommand (data-contract §4), each opening with its help text: it resolves
//! its arguments into checked settings, calls the library, and hands output to the printer.

pub(crate) mod compare;
pub(crate) mod compute;
pub(crate) mod cutpoints;
pub(crate) mod explain;
pub(crate) mod import;
pub(crate) mod report;
pub(crate) mod synth;
pub(crate) mod validate;
pub(crate) mod verify;
