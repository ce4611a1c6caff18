//! Synthetic data (data-contract §4 `synth`). Being written.
