//! Passage evaluation (PAN-style).
