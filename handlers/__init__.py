"""Chat platform adapters: each turns its platform's traffic into core calls."""
