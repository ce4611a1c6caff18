//! The designation history file of methodology R34. Being written.
