//! One module per subcommand (data-contract §4), each opening with its help text, plus the
//! settings they share.

pub mod compare;
pub mod compute;
pub mod cutpoints;
pub mod settings;
pub mod synth;
pub mod validate;
