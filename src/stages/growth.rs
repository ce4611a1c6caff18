//! Growth model (methodology §5, R18–R24). Being written.
